"""Labels of the catalogue's input fields, as the minutes' sentences use them.

A label is written to sit in one of two places of a sentence (see `figures.py`):
- a *total* (a ratio's or pendency's denominator) is read "label value": "प्राप्त आवेदन 26,466";
- a *part* (a numerator) is read "value label": "614 आवेदन शिक्षण संस्थान स्तर पर";
- a percent input is read "label value %": "वित्तीय प्रगति 92.69 %".
A field with no label here falls back to its name, humanised.
"""

from __future__ import annotations

from shared.catalog import Names
from shared.numbers import Lang


def _n(hi: str, en: str) -> Names:
    return Names(hi=hi, en=en)


FIELD_LABELS: dict[str, Names] = {
    # applications and their pendency (scholarships, pensions)
    "applications_received": _n("प्राप्त आवेदन", "applications received"),
    "pending_institution": _n("आवेदन शिक्षण संस्थान स्तर पर", "at institution level"),
    "pending_pfms": _n("आवेदन पी.एफ.एम.एस. स्तर पर", "at PFMS level"),
    "pending_university": _n("आवेदन विश्वविद्यालय/एफिलिएटिंग एजेंसी स्तर पर",
                             "at university or affiliating agency level"),
    "pending_bdo_sdm": _n("आवेदन खण्ड विकास अधिकारी/उप जिलाधिकारी स्तर पर", "at BDO/SDM level"),
    "pending_dswo": _n("आवेदन जिला समाज कल्याण अधिकारी स्तर पर",
                       "at District Social Welfare Officer level"),
    "pending_verification": _n("आवेदन सत्यापन स्तर पर", "at verification level"),
    "pending_probation_officer": _n("आवेदन जिला प्रोबेशन अधिकारी स्तर पर",
                                    "at District Probation Officer level"),
    "pending_district_officer": _n("आवेदन जिला स्तरीय अधिकारी के स्तर पर", "at district officer level"),
    # social welfare
    "marriages_target": _n("विवाह का लक्ष्य", "marriage target"),
    "marriages_solemnised": _n("जोड़ों का विवाह सम्पन्न", "marriages solemnised"),
    "financial_progress_percent": _n("वित्तीय प्रगति", "financial progress"),
    # health
    "institutional_deliveries": _n("संस्थागत प्रसव", "institutional deliveries"),
    "expected_deliveries": _n("अनुमानित प्रसव", "expected deliveries"),
    "beneficiaries_paid": _n("लाभार्थियों को भुगतान", "beneficiaries paid"),
    "children_fully_immunised": _n("बच्चों का पूर्ण प्रतिरक्षण", "children fully immunised"),
    "children_target": _n("लक्षित बच्चे", "children targeted"),
    "cards_created": _n("आयुष्मान कार्ड बनाये गये", "Ayushman cards made"),
    "eligible_beneficiaries": _n("पात्र लाभार्थी", "eligible beneficiaries"),
    # rural development
    "groups_funded": _n("समूहों को धनराशि जारी", "groups funded"),
    "groups_target": _n("समूहों का लक्ष्य", "group target"),
    "houses_sanctioned": _n("स्वीकृत आवास", "houses sanctioned"),
    "houses_completed": _n("आवास पूर्ण", "houses completed"),
    "first_instalment_paid": _n("लाभार्थियों को प्रथम किस्त", "beneficiaries paid the first instalment"),
    "person_days_target": _n("मानव दिवस का लक्ष्य", "person-day target"),
    "person_days_generated": _n("मानव दिवस सृजित", "person-days generated"),
    "timely_payment_percent": _n("समय से मजदूरी भुगतान", "wages paid on time"),
    # women and children
    "children_measured_percent": _n("पोषण ट्रैकर पर मापे गये बच्चे", "children measured on Poshan Tracker"),
    "beneficiaries_registered": _n("पंजीकृत लाभार्थी", "registered beneficiaries"),
    # water and sanitation
    "tap_connections_target": _n("नल संयोजन का लक्ष्य", "tap connection target"),
    "tap_connections_provided": _n("घरों को क्रियाशील नल संयोजन", "functional household tap connections"),
    "schemes_sanctioned": _n("स्वीकृत पेयजल योजनाएँ", "piped water schemes sanctioned"),
    "schemes_completed": _n("पेयजल योजनाएँ पूर्ण", "piped water schemes completed"),
    "toilets_target": _n("शौचालय निर्माण का लक्ष्य", "toilet target"),
    "toilets_built": _n("व्यक्तिगत शौचालय निर्मित", "household toilets built"),
    "villages_total": _n("कुल ग्राम", "villages in all"),
    "villages_odf_plus_model": _n("ग्राम ओडीएफ प्लस मॉडल घोषित", "villages declared ODF Plus (Model)"),
    # agriculture, credit and enterprise
    "farmers_registered": _n("पंजीकृत कृषक", "registered farmers"),
    "ekyc_completed": _n("कृषकों का ई-केवाईसी पूर्ण", "farmers with e-KYC done"),
    "land_records_seeded": _n("कृषकों की भूलेख सीडिंग पूर्ण", "farmers with land records seeded"),
    "cards_target": _n("किसान क्रेडिट कार्ड का लक्ष्य", "card target"),
    "cards_issued": _n("किसान क्रेडिट कार्ड जारी", "Kisan credit cards issued"),
    "loans_target": _n("ऋण वितरण का लक्ष्य", "loan target"),
    "loans_disbursed": _n("ऋण वितरित", "loans disbursed"),
    "projects_target": _n("इकाइयों का लक्ष्य", "unit target"),
    "projects_financed": _n("इकाइयाँ वित्त पोषित", "units financed"),
    # education
    "schools_total": _n("कुल विद्यालय", "schools in all"),
    "schools_saturated": _n("विद्यालय सभी मानकों पर संतृप्त", "schools saturated on every parameter"),
    "students_assessed": _n("आकलित विद्यार्थी", "pupils assessed"),
    "students_nipun": _n("विद्यार्थी निपुण", "pupils found NIPUN"),
    # revenue
    "cases_filed": _n("दायर वाद", "cases filed"),
    "cases_disposed": _n("वाद निस्तारित", "cases disposed of"),
    "cases_pending": _n("लम्बित वाद", "cases pending"),
    "cases_pending_over_3_years": _n("वाद तीन वर्ष से अधिक समय से", "for more than three years"),
    "complaints_received": _n("प्राप्त शिकायतें", "complaints received"),
    "complaints_defaulted": _n("शिकायतें समय-सीमा के बाहर", "beyond the time limit"),
    "feedback_received": _n("प्राप्त फीडबैक", "feedback received"),
    "feedback_satisfied": _n("शिकायतकर्ता संतुष्ट", "complainants satisfied"),
    "revenue_target_lakh": _n("राजस्व का लक्ष्य (लाख रुपये)", "revenue target (lakh rupees)"),
    "revenue_collected_lakh": _n("लाख रुपये राजस्व संग्रहीत", "lakh rupees collected"),
    "revenue_assessed_lakh": _n("निर्धारित राजस्व (लाख रुपये)", "revenue assessed (lakh rupees)"),
    "revenue_realised_lakh": _n("लाख रुपये राजस्व वसूल", "lakh rupees realised"),
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
