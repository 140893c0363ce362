"""Default texts of the minutes that a district may replace by configuration.

Written for this project after the pattern of the district review minutes; the service
layer passes its own instructions and signature in `MinutesInput` when a district has them.
"""

from __future__ import annotations

from services.reports.domain.inputs import Signature
from shared.catalog import Names

SOURCE = Names(
    hi="मुख्यमंत्री डैशबोर्ड — जिला अनुश्रवण पुस्तिका",
    en="CM Dashboard — District Monitoring Booklet",
)

DEFAULT_INSTRUCTIONS: tuple[Names, ...] = (
    Names(hi="सभी अधिकारी अपने विभाग की योजनाओं के के.पी.आई. और उनकी गणना की विधि भली-भांति समझ लें।",
          en="Every officer shall understand the KPIs of their department's schemes and how they "
             "are computed."),
    Names(hi="लक्ष्य एवं उपलब्धि के आंकड़ों की शुद्धता जाँच लें; त्रुटिपूर्ण आंकड़े माह के अन्त से पहले "
             "पोर्टल पर संशोधित करा दें।",
          en="Check that targets and achievements are correct and have wrong figures corrected on "
             "the portal before the month ends."),
    Names(hi="प्रत्येक अधिकारी को ज्ञात रहे कि उसकी योजना के आंकड़े किस पोर्टल से लिये जाते हैं।",
          en="Every officer shall know which portal their scheme's figures are taken from."),
    Names(hi="प्रत्येक माह की 25 तारीख तक पोर्टल पर प्रगति अद्यतन करें; पोर्टल या सर्वर की समस्या "
             "कारण के रूप में स्वीकार नहीं होगी।",
          en="Update the progress on the portal by the 25th of every month; portal or server "
             "trouble will not be accepted as a reason."),
    Names(hi="लाभार्थीपरक योजनाओं में कोई भी आवेदन समय-सीमा के बाद लम्बित न रहे।",
          en="No application of a beneficiary scheme shall remain pending beyond its time limit."),
    Names(hi="इस कार्यवृत्त के निर्देशों की अनुपालन आख्या निर्धारित तिथि तक जिला विकास कार्यालय को "
             "उपलब्ध करायें।",
          en="Send a compliance report on these directives to the District Development Office by "
             "the date set."),
)

DEFAULT_SIGNATURE = Signature(
    designation=Names(hi="मुख्य विकास अधिकारी", en="Chief Development Officer"),
    copy_to=(
        Names(hi="समस्त सम्बन्धित अधिकारी/खण्ड विकास अधिकारी, {district} — अनुपालन हेतु।",
              en="All officers concerned and Block Development Officers, {district}, for compliance."),
        Names(hi="जिला अर्थ एवं संख्याधिकारी, {district} — अनुश्रवण हेतु।",
              en="District Economics and Statistics Officer, {district}, for monitoring."),
        Names(hi="जिलाधिकारी, {district} — सादर अवलोकनार्थ।",
              en="District Magistrate, {district}, for kind perusal."),
    ),
)

# Who acts on a general directive of the meeting when it names no one (the real minutes:
# "कार्यवाही – समस्त सम्बन्धित कार्यालयाध्यक्ष").
GENERAL_OFFICER = Names(hi="समस्त सम्बन्धित कार्यालयाध्यक्ष", en="All heads of office concerned")
