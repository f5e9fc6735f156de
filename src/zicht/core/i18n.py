"""Text that Zicht ships as data, shown in the reader's language.

The default instruments and questionnaires are rows a migration wrote in Dutch (so that a
region can load its own); each app lists their Dutch in a ``shipped_texts`` module with
``gettext_noop`` so that ``makemessages`` puts them in the catalogue, and the pages pass
them through ``shipped``. A region's own text has no catalogue entry and shows as written.
"""

from django.utils.translation import gettext


def shipped(text: str) -> str:
    # gettext("") would answer the catalogue's header.
    return gettext(text) if text else text
