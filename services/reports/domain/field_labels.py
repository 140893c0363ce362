"""Labels of the catalogue's input fields, as the minutes' sentences use them.

A label is written to sit in one of two places of a sentence (see `figures.py`):
- a *total* (a ratio's or pendency's denominator) is read "label value": "प्राप्त आवेदन 26,466";
- a *part* (a numerator) is read "value label": "614 आवेदन शिक्षण संस्थान स्तर पर";
- a percent input is read "label value %": "वित्तीय प्रगति 92.69 %".
A field with no label here falls back to its name, humanised.
"""

from __future__ import annotations

from shared.catalog import Names

from services.reports.domain.numbers import Lang


def _n(hi: str, en: str) -> Names:
    return Names(hi=hi, en=en)


FIELD_LABELS: dict[str, Names] = {
    # scholarships and pensions (pendency)
    "applications_received": _n("प्राप्त आवेदन", "applications received"),
    "pending_institution": _n("आवेदन शिक्षण संस्थान स्तर पर", "at institution level"),
    "pending_pfms": _n("आवेदन पी.एफ.एम.एस. स्तर पर", "at PFMS level"),
    "pending_university": _n("आवेदन विश्वविद्यालय स्तर पर", "at university level"),
    "pending_bdo_sdm": _n("आवेदन खण्ड विकास अधिकारी/उप जिलाधिकारी स्तर पर", "at BDO/SDM level"),
    "pending_dswo": _n("आवेदन जिला समाज कल्याण अधिकारी स्तर पर",
                       "at District Social Welfare Officer level"),
    "pending_over_15_days": _n("आवेदन 15 दिन से अधिक समय से", "for more than 15 days"),
    # mass marriage
    "couples_target": _n("लक्ष्य", "target"),
    "couples_married": _n("जोड़ों का विवाह सम्पन्न", "couples married"),
    "financial_progress_percent": _n("वित्तीय प्रगति", "financial progress"),
    # health
    "institutional_deliveries": _n("संस्थागत प्रसव", "institutional deliveries"),
    "beneficiaries_paid": _n("लाभार्थियों को भुगतान", "beneficiaries paid"),
    # rural livelihoods
    "rf_target": _n("रिवाल्विंग फण्ड का लक्ष्य", "revolving fund target"),
    "rf_released": _n("समूहों को रिवाल्विंग फण्ड जारी", "groups given the revolving fund"),
    "cif_target": _n("सामुदायिक निवेश निधि का लक्ष्य", "community investment fund target"),
    "cif_released": _n("समूहों को सामुदायिक निवेश निधि जारी", "groups given the community investment fund"),
    # nutrition
    "children_registered": _n("पंजीकृत बच्चे", "children registered"),
    "children_measured": _n("बच्चों का वजन/लम्बाई मापी गयी", "children weighed and measured"),
    "beneficiaries_registered": _n("पंजीकृत लाभार्थी", "beneficiaries registered"),
    "beneficiaries_served": _n("लाभार्थियों को पोषाहार वितरित", "beneficiaries given nutrition"),
    # water supply
    "households_target": _n("नल संयोजन का लक्ष्य", "tap connection target"),
    "tap_connections": _n("घरों को नल संयोजन", "households given tap connections"),
    "households": _n("ग्रामीण परिवार", "rural households"),
    # generic
    "target": _n("लक्ष्य", "target"),
    "achievement": _n("उपलब्धि", "achieved"),
}


def humanise(field: str) -> str:
    """A field name made readable: "pending_pfms" -> "pending pfms"."""
    return field.replace("_", " ").replace("-", " ").strip()


def field_label(field: str, lang: Lang, fallback: Names | None = None) -> str:
    """The label of an input field; else `fallback` (e.g. the KPI's name); else the name humanised."""
    label = FIELD_LABELS.get(field) or fallback
    if label is None:
        return humanise(field)
    return label.hi if lang == "hi" else label.en
