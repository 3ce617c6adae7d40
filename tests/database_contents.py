"""What a database holds, table by table, as a checksum of its rows in primary-key order."""

import hashlib


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def table_checksums(conn):
    """{table: 'rows:sha256'} for every table the connection sees."""
    quote = conn.ops.quote_name
    checksums = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            pk = conn.introspection.get_primary_key_column(cursor, table)
            order = f" ORDER BY {quote(pk)}" if pk else ""
            cursor.execute(f"SELECT * FROM {quote(table)}{order}")  # noqa: S608
            rows = [repr(tuple(_plain(value) for value in row)) for row in cursor.fetchall()]
            if not pk:
                rows.sort()
            digest = hashlib.sha256("\n".join(rows).encode())
            checksums[table] = f"{len(rows)}:{digest.hexdigest()}"
    return checksums


# Run in a subprocess with `manage.py shell -c` against a restored database.
PRINT_CHECKSUMS = (
    "import json; from django.db import connection; "
    "from tests.database_contents import table_checksums; "
    "print(json.dumps(table_checksums(connection)))"
)
