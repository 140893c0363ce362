"""Inputs that recreate Kanpur Nagar's review meeting on the March 2026 figures.

The facts come from the real minutes (shared/seeds/003_*.txt): best composite rank 10th in
April 2025, worst 59th in November 2025, 45th of 75 in March 2026; 85 schemes, of which
3 in D, 2 in C, 5 in B, 70 in A and 5 ungraded; Social Welfare holds 4 of the B/C/D ones.
The schemes mirror catalog/schemes.yaml (same ids and input fields) but are built here, so
the golden test does not move when the catalogue is edited.
"""

from __future__ import annotations

from services.reports.domain.inputs import (
    AlertFact,
    CategoryPoint,
    CompositePoint,
    MinutesInput,
    PriorItem,
    SchemeStanding,
)
from shared.catalog import Kpi, Scheme
from tests.unit.reports.reports_builders import kpi, minutes_input, names, scheme, standing

SOCIAL_WELFARE = names("समाज कल्याण विभाग", "Social Welfare Department")
DSWO = names("जिला समाज कल्याण अधिकारी", "District Social Welfare Officer")
DISPOSAL = names("आवेदनों का निस्तारण", "Applications disposed of")


def _social(scheme_id: str, hi: str, en: str, kpis: list[Kpi]) -> Scheme:
    return scheme(scheme_id, "social-welfare", kpis, name=names(hi, en),
                  department_name=SOCIAL_WELFARE, officer=DSWO)


def _disposal(*pending: str) -> list[Kpi]:
    return [kpi("disposal", "inverse_ratio", name=DISPOSAL, numerator=list(pending),
                denominator="applications_received", floor=0.9, target=0.98)]


GENERAL_PREMATRIC = _social("general-prematric-scholarship", "सामान्य वर्ग पूर्व दशम छात्रवृत्ति",
                            "Pre-matric Scholarship (General Category)",
                            _disposal("pending_institution", "pending_pfms"))
SC_POSTMATRIC = _social("sc-postmatric-scholarship", "अनुसूचित जाति दशमोत्तर छात्रवृत्ति",
                        "Post-matric Scholarship (Scheduled Castes)",
                        _disposal("pending_institution", "pending_pfms", "pending_university"))
OLD_AGE_PENSION = _social("old-age-pension", "वृद्धावस्था पेंशन योजना", "Old Age Pension Scheme",
                          _disposal("pending_bdo_sdm", "pending_dswo"))
MASS_MARRIAGE = _social("mass-marriage", "मुख्यमंत्री सामूहिक विवाह योजना", "CM Mass Marriage Scheme", [
    kpi("marriages", numerator="marriages_solemnised", denominator="marriages_target",
        name=names("लक्ष्य के सापेक्ष सम्पन्न विवाह", "Marriages solemnised against target")),
    kpi("financial_progress", "percent", value="financial_progress_percent",
        name=names("वित्तीय प्रगति का प्रतिशत", "Financial progress (%)")),
])
JSY = scheme("jsy", "medical-health", [
    kpi("paid", numerator="beneficiaries_paid", denominator="institutional_deliveries",
        name=names("भुगतान प्राप्त लाभार्थी", "Beneficiaries paid")),
], name=names("जननी सुरक्षा योजना", "Janani Suraksha Yojana"),
    department_name=names("चिकित्सा एवं स्वास्थ्य विभाग", "Medical and Health Department"),
    officer=names("मुख्य चिकित्सा अधिकारी", "Chief Medical Officer"))
RURAL = names("ग्राम्य विकास विभाग", "Rural Development Department")
SELF_EMPLOYMENT = names("उपायुक्त, स्वतः रोजगार", "Deputy Commissioner, Self Employment")
NRLM_RF = scheme("nrlm-revolving-fund", "rural-development",
                 [kpi("groups_funded", numerator="groups_funded", denominator="groups_target")],
                 name=names("एन.आर.एल.एम. रिवाल्विंग फण्ड", "NRLM Revolving Fund"),
                 department_name=RURAL, officer=SELF_EMPLOYMENT)
NRLM_CIF = scheme("nrlm-community-investment-fund", "rural-development",
                  [kpi("groups_funded", numerator="groups_funded", denominator="groups_target")],
                  name=names("एन.आर.एल.एम. सामुदायिक निवेश निधि", "NRLM Community Investment Fund"),
                  department_name=RURAL, officer=SELF_EMPLOYMENT)
WCD = names("महिला एवं बाल विकास विभाग", "Women and Child Development Department")
DPO = names("जिला कार्यक्रम अधिकारी", "District Programme Officer")
ICDS = scheme("icds-nutrition", "women-child-development",
              [kpi("children_measured", "percent", value="children_measured_percent")],
              name=names("आई.सी.डी.एस. पोषण अभियान", "ICDS Poshan Abhiyan"),
              department_name=WCD, officer=DPO)
PMMVY = scheme("pmmvy", "women-child-development",
               [kpi("paid", numerator="beneficiaries_paid", denominator="beneficiaries_registered")],
               name=names("प्रधानमंत्री मातृ वन्दना योजना", "PM Matru Vandana Yojana"),
               department_name=WCD, officer=DPO)
JJM = scheme("jal-jeevan-mission", "rural-water-supply",
             [kpi("tap_connections", numerator="tap_connections_provided",
                  denominator="tap_connections_target")],
             name=names("जल जीवन मिशन — हर घर जल", "Jal Jeevan Mission — Har Ghar Jal"),
             department_name=names("नमामि गंगे एवं ग्रामीण जलापूर्ति विभाग",
                                   "Namami Gange and Rural Water Supply Department"),
             officer=names("अधिशासी अभियन्ता, जल निगम (ग्रामीण)", "Executive Engineer, Jal Nigam (Rural)"))

REVIEWED: tuple[SchemeStanding, ...] = (
    standing(GENERAL_PREMATRIC, "D", 66, marks=0.6, previous_grade="D", previous_rank=62, previous_of=75,
             figures={"applications_received": 3144, "pending_institution": 164, "pending_pfms": 452},
             kpis={"disposal": 0.0}),
    standing(SC_POSTMATRIC, "D", 71, marks=1.57, previous_grade="B", previous_rank=53, previous_of=75,
             previous_marks=6.88, kpis={"disposal": 0.1566}, previous_kpis={"disposal": 0.6875},
             figures={"applications_received": 26466, "pending_institution": 614, "pending_pfms": 1658,
                      "pending_university": 43}),
    standing(OLD_AGE_PENSION, "C", 60, marks=4.12, previous_grade="C", previous_rank=58,
             figures={"applications_received": 175796, "pending_bdo_sdm": 4574, "pending_dswo": 2040},
             kpis={"disposal": 0.412}),
    standing(MASS_MARRIAGE, "B", 68, marks=7.32, previous_grade="B", previous_rank=65,
             figures={"marriages_target": 889, "marriages_solemnised": 889,
                      "financial_progress_percent": 92.69},
             kpis={"marriages": 1.0, "financial_progress": 0.4638}),
    standing(JSY, "D", 68, marks=1.82, previous_grade="D", previous_rank=66,
             figures={"institutional_deliveries": 10000, "beneficiaries_paid": 1823}, kpis={"paid": 0.1823}),
    standing(NRLM_RF, "B", 36, marks=7.08, previous_grade="A", previous_rank=20,
             figures={"groups_target": 638, "groups_funded": 452}, kpis={"groups_funded": 0.7085}),
    standing(NRLM_CIF, "B", 40, marks=8.74, previous_grade="B", previous_rank=41,
             figures={"groups_target": 748, "groups_funded": 654}, kpis={"groups_funded": 0.8743}),
    standing(ICDS, "B", 13, marks=8.85, previous_grade="B", previous_rank=15,
             figures={"children_measured_percent": 88.5}, kpis={"children_measured": 0.885}),
    standing(PMMVY, "C", 50, marks=5.2, previous_grade="B", previous_rank=30,
             figures={"beneficiaries_registered": 5210, "beneficiaries_paid": 2709}, kpis={"paid": 0.52}),
    standing(JJM, "B", 44, marks=8.1, previous_grade="B", previous_rank=44,
             figures={"tap_connections_target": 41000, "tap_connections_provided": 33210},
             kpis={"tap_connections": 0.81}),
)


def _others() -> tuple[SchemeStanding, ...]:
    """70 schemes in grade A and 5 ungraded, spread over departments the meeting does not discuss."""
    depts = ("agriculture", "basic-education", "revenue", "energy", "panchayati-raj")
    graded = tuple(
        standing(scheme(f"flagship-{n:02d}", depts[n % len(depts)]), "A", 1 + n % 30, previous_grade="A")
        for n in range(70)
    )
    ungraded = tuple(
        standing(scheme(f"ungraded-{n}", "revenue", graded=False), None, 10 + n, marks=6.0)
        for n in range(5)
    )
    return graded + ungraded


# Rank of the composite, April 2025 to March 2026.
COMPOSITE_RANKS = (10, 14, 22, 31, 28, 40, 52, 59, 48, 42, 38, 45)
COMPOSITE_PERIODS = ("2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
                     "2025-11", "2025-12", "2026-01", "2026-02", "2026-03")


def composite_history() -> tuple[CompositePoint, ...]:
    months = zip(COMPOSITE_PERIODS, COMPOSITE_RANKS, strict=True)
    points = [CompositePoint(p, r, 75, round(10 - r / 10, 2)) for p, r in months]
    march = CompositePoint("2026-03", 45, 75, 8.91, {"development": CategoryPoint(45, 8.91),
                                                      "revenue": CategoryPoint(31, 9.12)})
    return (*points[:-1], march, CompositePoint("2025-03", 3, 75, 9.9))  # last FY: ignored


def kanpur_march_2026() -> MinutesInput:
    return minutes_input(
        *REVIEWED, *_others(),
        composite_history=composite_history(),
        alerts=(AlertFact("grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D", "grade_drop",
                          "sc-postmatric-scholarship", "critical", "disposal", 0.6875, 0.1566),),
        prior_items=(
            PriorItem("jsy", "2026-02:jsy", "नोडल अधिकारी से वार्ता कर प्रगति सुधारें।", meetings=2),
            PriorItem("general-prematric-scholarship", "2026-02:general-prematric-scholarship",
                      "लम्बित आवेदन एक सप्ताह में निस्तारित करायें।", meetings=1),
        ),
    )
