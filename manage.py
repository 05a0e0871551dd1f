#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    if sys.argv[1:2] != ["runserver"]:
        # An operator's command (migrate, setup_site, outbox_flush) may rightly run for minutes;
        # the few-second limits are for web requests (lms/settings/base.py).
        os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
        os.environ.setdefault("DB_LOCK_TIMEOUT", "60s")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
