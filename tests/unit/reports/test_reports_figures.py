import pytest

from services.reports.domain.field_labels import FIELD_LABELS, field_label
from services.reports.domain.figures import describe, join_words
from shared.catalog import default_catalog_path, load_catalog
from tests.unit.reports.kanpur_march_2026 import JSY, MASS_MARRIAGE, OLD_AGE_PENSION, SC_POSTMATRIC
from tests.unit.reports.reports_builders import kpi, names, scheme

SCPM_FIGURES = {"applications_received": 26466, "pending_institution": 614, "pending_pfms": 1658,
                "pending_university": 43}


def test_a_pendency_kpi_says_how_many_of_the_total_are_pending_at_each_level_in_hindi() -> None:
    [fact] = describe(SC_POSTMATRIC, SCPM_FIGURES)
    assert fact.hi == (
        "कुल प्राप्त आवेदन 26,466 के सापेक्ष 614 आवेदन शिक्षण संस्थान स्तर पर, "
        "1,658 आवेदन पी.एफ.एम.एस. स्तर पर तथा 43 आवेदन विश्वविद्यालय/एफिलिएटिंग एजेंसी स्तर पर लम्बित"
    )


def test_a_pendency_kpi_says_the_same_in_english() -> None:
    [fact] = describe(SC_POSTMATRIC, SCPM_FIGURES)
    assert fact.kpi == "disposal"
    assert fact.en == ("Applications received 26,466; pending: 614 at institution level, "
                       "1,658 at PFMS level and 43 at university or affiliating agency level")


def test_large_totals_use_indian_grouping() -> None:
    figures = {"applications_received": 175796, "pending_bdo_sdm": 4574, "pending_dswo": 2040}
    [fact] = describe(OLD_AGE_PENSION, figures)
    assert "कुल प्राप्त आवेदन 1,75,796 के सापेक्ष 4,574 आवेदन" in fact.hi
    assert "Applications received 1,75,796" in fact.en


def test_a_ratio_kpi_sets_the_achievement_against_the_target_with_its_share() -> None:
    [fact] = describe(JSY, {"institutional_deliveries": 10000, "beneficiaries_paid": 1823})
    assert fact.hi == "संस्थागत प्रसव 10,000 के सापेक्ष 1,823 लाभार्थियों को भुगतान (18.23%)"
    assert fact.en == "1,823 beneficiaries paid against institutional deliveries 10,000 (18.23%)"


def test_a_percent_kpi_states_the_percentage_and_keeps_its_decimals() -> None:
    figures = {"marriages_target": 889, "marriages_solemnised": 889, "financial_progress_percent": 92.69}
    marriages, money = describe(MASS_MARRIAGE, figures)
    assert marriages.hi == "विवाह का लक्ष्य 889 के सापेक्ष 889 जोड़ों का विवाह सम्पन्न (100%)"
    assert (money.kpi, money.hi, money.en) == ("financial_progress", "वित्तीय प्रगति 92.69%",
                                               "Financial progress 92.69%")


def test_a_ratio_against_a_zero_target_states_no_share() -> None:
    [fact] = describe(JSY, {"institutional_deliveries": 0, "beneficiaries_paid": 0})
    assert fact.en == "0 beneficiaries paid against institutional deliveries 0"


def test_a_kpi_whose_figures_were_not_all_submitted_is_not_described() -> None:
    assert describe(SC_POSTMATRIC, {"applications_received": 100, "pending_pfms": 3}) == []


def test_an_unlabelled_field_reads_as_its_name_humanised() -> None:
    odd = scheme("odd", kpis=[kpi("done", numerator="wells_dug", denominator="wells_planned")])
    [fact] = describe(odd, {"wells_dug": 3, "wells_planned": 4})
    assert fact.en == "3 wells dug against wells planned 4 (75%)"


def test_an_unlabelled_percent_field_reads_as_its_kpis_name() -> None:
    odd = scheme("odd", kpis=[kpi("p", "percent", value="xyz_pct", name=names("सीडिंग", "Seeding"))])
    [fact] = describe(odd, {"xyz_pct": 40})
    assert (fact.hi, fact.en) == ("सीडिंग 40%", "Seeding 40%")
    assert field_label("xyz_pct", "en") == "xyz pct"


def test_words_are_joined_with_commas_and_a_final_and() -> None:
    assert join_words(["a"], "en") == "a"
    assert join_words(["a", "b", "c"], "en") == "a, b and c"
    assert join_words(["क", "ख"], "hi") == "क तथा ख"


def test_every_input_field_of_the_shipped_catalogue_has_a_label() -> None:
    path = default_catalog_path()
    if not path.exists():
        pytest.skip(f"no catalogue at {path}")
    fields = {f for s in load_catalog(path) for f in s.input_fields}
    assert sorted(fields - set(FIELD_LABELS)) == []
