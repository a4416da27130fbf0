"""``manage.py worker``: run background tasks (exports, imports, packets) from the database queue.

The same as django-tasks-db's ``db_worker``; run one or more, on one machine or several.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run queued background tasks. Start several for more throughput; stop with Ctrl-C."
