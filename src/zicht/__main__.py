"""The ``zicht`` command: Django's manage.py under the project's own name.

``zicht demo`` serves over plain HTTP on 127.0.0.1, so it switches off the
HTTPS-only settings (and the JSON log lines) before Django reads them.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        os.environ.setdefault("ZICHT_HTTPS", "false")
        os.environ.setdefault("ZICHT_LOG_FORMAT", "text")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
