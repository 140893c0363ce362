"""Kanpur Nagar, March 2026: the minutes state the facts of the real meeting's minutes."""

from typing import Any

import pytest

from services.reports.domain.minutes import assemble
from services.reports.rendering import render_minutes
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return assemble(kanpur_march_2026())


def _text(doc: dict[str, Any], lang: str, fmt: str) -> str:
    return render_minutes(doc, lang, fmt).decode("utf-8")  # type: ignore[arg-type]


def test_the_summary_holds_the_years_ranks_the_grade_census_and_the_department_with_most_bcd(
    doc: dict[str, Any],
) -> None:
    summary = doc["summary"]
    assert summary["financial_year"] == "2025-26"
    assert summary["best"] == {"rank": 10, "of": 75, "period": "2025-04"}
    assert summary["worst"] == {"rank": 59, "of": 75, "period": "2025-11"}
    assert summary["composite"] == {"rank": 45, "of": 75, "marks": 8.91}
    assert summary["grades"] == {"A": 70, "B": 5, "C": 2, "D": 3, "ungraded": 5}
    assert (summary["most_bcd"]["department"], summary["most_bcd"]["count"]) == ("social-welfare", 4)


def test_the_sections_go_department_by_department_worst_first(doc: dict[str, Any]) -> None:
    assert [(s["department"], [i["scheme"] for i in s["items"]]) for s in doc["sections"]] == [
        ("social-welfare", ["sc-postmatric-scholarship", "general-prematric-scholarship", "old-age-pension",
                            "mass-marriage"]),
        ("medical-health", ["jsy"]),
        ("women-child-development", ["pmmvy", "icds-nutrition"]),
        ("rural-development", ["nrlm-community-investment-fund", "nrlm-revolving-fund"]),
        ("rural-water-supply", ["jal-jeevan-mission"]),
    ]


def test_the_postmatric_scholarship_item_records_the_fall_from_53rd_b_to_71st_d(doc: dict[str, Any]) -> None:
    item = doc["sections"][0]["items"][0]
    assert (item["item_id"], item["previous_rank"], item["rank"], item["of"]) == (
        "2026-03:sc-postmatric-scholarship", 53, 71, 75)
    assert (item["previous_grade"], item["grade"], item["directive"]) == ("B", "D", None)
    assert item["figures"]["pending_pfms"] == 1658
    assert item["driver"] == {"kpi": "disposal", "name": {"hi": "आवेदनों का निस्तारण",
                                                          "en": "Applications disposed of"},
                              "before": 0.6875, "after": 0.1566, "value_before": None,
                              "value_after": 0.912529, "source": "alert"}


HINDI_FACTS = (
    "मार्च, 2026 की प्रगति",
    "दिनांक 16.04.2026",
    "सबसे बेहतर कम्पोजिट रैंक अप्रैल, 2025 में 10वीं",
    "सबसे खराब रैंक नवम्बर, 2025 में 59वीं",
    "मार्च, 2026 में जनपद की कम्पोजिट रैंक 75 जनपदों में 45वीं (8.91 अंक)",
    "'डी' श्रेणी में 3, 'सी' श्रेणी में 2, 'बी' श्रेणी में 5 तथा 'ए' श्रेणी में 70",
    "5 योजनाओं पर कोई श्रेणी निर्धारित नहीं",
    "सर्वाधिक 4 योजनाएँ समाज कल्याण विभाग की हैं",
    "01- समाज कल्याण विभाग -",
    "रैंक 53वीं थी, जो इस माह 71वीं (75 में) हो गयी है",
    "श्रेणी बी से डी हो गयी है",
    "कुल प्राप्त आवेदन 26,466 के सापेक्ष 614 आवेदन शिक्षण संस्थान स्तर पर, 1,658 आवेदन पी.एफ.एम.एस. स्तर पर",
    "43 आवेदन विश्वविद्यालय/एफिलिएटिंग एजेंसी स्तर पर लम्बित",
    "सर्वाधिक परिवर्तन वाला संकेतक: आवेदनों का निस्तारण, इस माह 91.25%।",
    "कुल प्राप्त आवेदन 1,75,796 के सापेक्ष",
    "इस माह 60वीं (75 में)",
    "श्रेणी सी है",
    "इस माह 68वीं (75 में) हो गयी है। योजना में जनपद की श्रेणी बी है।",
    "वित्तीय प्रगति 92.69%",
    "02- चिकित्सा एवं स्वास्थ्य विभाग -",
    "यह योजना लगातार 3 बैठकों से समीक्षा में है",
    "कार्यवाही - जिला समाज कल्याण अधिकारी",
    "कार्यवाही - मुख्य चिकित्सा अधिकारी",
    "-: अन्य सामान्य निर्देश :-",
    "मुख्य विकास अधिकारी,",
    "कानपुर नगर।",
    "प्रतिलिपि निम्नलिखित को",
)

ENGLISH_FACTS = (
    "progress of March 2026",
    "On 16 April 2026 the District Magistrate, Kanpur Nagar, chaired",
    "best composite rank was 10th in April 2025",
    "worst 59th in November 2025",
    "composite rank is 45th of 75 districts (8.91 marks)",
    "3 are in grade D, 2 in grade C, 5 in grade B and 70 in grade A; 5 schemes are not graded",
    "The Social Welfare Department holds the most schemes in grades B, C and D: 4",
    "01- Social Welfare Department -",
    "ranked 53rd in the state last month and is 71st of 75 this month",
    "Its grade has moved from B to D",
    "Applications received 26,466; pending: 614 at institution level, 1,658 at PFMS level",
    "Applications received 1,75,796",
    "The KPI that moved most: Applications disposed of, now 91.25%.",
    "is 60th of 75 this month. Its grade is C.",
    "is 68th of 75 this month. Its grade is B.",
    "Financial progress 92.69%",
    "on the agenda for 3 consecutive meetings",
    "Action - District Social Welfare Officer",
    "-: Other general instructions :-",
    "Chief Development Officer,",
    "Copy for information",
)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_hindi_minutes_state_the_facts_of_the_meeting(doc: dict[str, Any], fmt: str) -> None:
    text = _text(doc, "hi", fmt)
    assert [fact for fact in HINDI_FACTS if fact not in text] == []


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_english_minutes_state_the_same_facts(doc: dict[str, Any], fmt: str) -> None:
    text = _text(doc, "en", fmt)
    assert [fact for fact in ENGLISH_FACTS if fact not in text] == []


def test_the_json_rendering_is_the_document_itself_with_hindi_unescaped(doc: dict[str, Any]) -> None:
    text = _text(doc, "hi", "json")
    assert "समाज कल्याण विभाग" in text
    assert '"pending_pfms": 1658' in text


def test_the_markdown_numbers_the_sections_in_order(doc: dict[str, Any]) -> None:
    headings = [line for line in _text(doc, "hi", "md").splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## 01- समाज कल्याण विभाग -", "## 02- चिकित्सा एवं स्वास्थ्य विभाग -",
                            "## 03- महिला एवं बाल विकास विभाग -"]
    assert headings[-1] == "## -: अन्य सामान्य निर्देश :-"
