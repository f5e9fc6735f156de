"""The pilot's two satisfaction questionnaires, as data (seed 002, subgoals 1.6 and 3.2).

Short on purpose: a client answers on a phone, a professional between two visits.
"""

from django.db import migrations

CLIENT = [
    ("contact", "Contact", "Hoe tevreden bent u over het contact met uw ondersteuner?"),
    ("frequency", "Hoe vaak", "Hoe tevreden bent u over hoe vaak uw ondersteuner contact met "
                              "u heeft?"),
    ("safety", "Veiligheid", "Hoe tevreden bent u over de aandacht voor uw veiligheid (en die "
                             "van uw kinderen)?"),
    ("help", "Hulp", "Hoe tevreden bent u over de hulp bij wat nog geregeld moet worden "
                     "(bijvoorbeeld wonen, geld of zorg)?"),
    ("overall", "Alles samen", "Hoe tevreden bent u, alles bij elkaar, over de ondersteuning "
                               "na de opvang?"),
]
PROFESSIONAL = [
    ("cooperation", "Samenwerking", "Hoe tevreden bent u over de samenwerking tussen opvang, "
                                    "ondersteuner, wijkteam en Veilig Thuis?"),
    ("coordinator", "Regie", "Hoe tevreden bent u over de duidelijkheid wie de regisseur is?"),
    ("signals", "Signalen", "Hoe tevreden bent u over hoe signalen van onveiligheid worden "
                            "opgepakt?"),
    ("length", "Duur", "Hoe tevreden bent u over de duur van de nazorg (een jaar)?"),
    ("tool", "Zicht", "Hoe tevreden bent u over het werken met Zicht?"),
]


def create(apps, schema_editor):
    Questionnaire = apps.get_model("evaluation", "Questionnaire")
    Question = apps.get_model("evaluation", "Question")
    for key, audience, title, intro, questions in [
        ("client", "client", "Hoe gaat het met de ondersteuning?",
         "Vijf korte vragen. Uw antwoorden zijn anoniem: uw ondersteuner ziet niet wat u "
         "invult. Ze helpen om de ondersteuning na de opvang beter te maken.", CLIENT),
        ("professional", "professional", "Tevredenheid over de werkwijze",
         "Vijf korte vragen over dit kwartaal. Uw antwoorden zijn anoniem en worden alleen "
         "opgeteld getoond.", PROFESSIONAL),
    ]:
        questionnaire = Questionnaire.objects.create(key=key, audience=audience, title=title,
                                                     introduction=intro)
        for order, (qkey, short, text) in enumerate(questions):
            Question.objects.create(questionnaire=questionnaire, key=qkey, order=order,
                                    short_label=short, text=text)


def remove(apps, schema_editor):
    apps.get_model("evaluation", "Questionnaire").objects.filter(
        key__in=["client", "professional"]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
