"""What the database grants compfund's roles, read from the catalog (the tests compare it
with the permission table written out by hand in test_grants.py)."""

from sqlalchemy import Engine

# Table and column privileges of compfund's roles on compfund's schema.
_TABLES = """
SELECT g.rolname, c.relname, a.privilege_type, NULL::text
  FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
  JOIN pg_roles g ON g.oid = a.grantee
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'p')
   AND starts_with(g.rolname, 'compfund_')
UNION ALL
SELECT g.rolname, c.relname, a.privilege_type, t.attname
  FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid AND t.attnum > 0
  CROSS JOIN LATERAL aclexplode(t.attacl) a
  JOIN pg_roles g ON g.oid = a.grantee
 WHERE c.relnamespace = 'public'::regnamespace AND starts_with(g.rolname, 'compfund_')
"""
_FUNCTIONS = """
SELECT g.rolname, p.oid::regprocedure::text
  FROM pg_proc p CROSS JOIN LATERAL aclexplode(p.proacl) a
  JOIN pg_roles g ON g.oid = a.grantee
 WHERE p.pronamespace = 'public'::regnamespace AND starts_with(g.rolname, 'compfund_')
"""

Grants = dict[str, dict[str, str]]


def table_grants(engine: Engine) -> Grants:
    """role -> table -> "INSERT, SELECT, UPDATE (a, b)" (privileges sorted; a column
    privilege after the table's, with its columns)."""
    found: dict[str, dict[str, dict[str, set[str]]]] = {}
    with engine.connect() as conn:
        for role, table, privilege, column in conn.exec_driver_sql(_TABLES):
            columns = found.setdefault(role, {}).setdefault(table, {}).setdefault(privilege, set())
            columns.add(column or "")
    out: Grants = {}
    for role, tables in sorted(found.items()):
        for table, privileges in sorted(tables.items()):
            parts = []
            for privilege, columns in sorted(privileges.items()):
                if "" in columns:
                    parts.append(privilege)
                else:
                    parts.append(f"{privilege} ({', '.join(sorted(columns))})")
            out.setdefault(role, {})[table] = ", ".join(parts)
    return out


def function_grants(engine: Engine) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for role, function in conn.exec_driver_sql(_FUNCTIONS):
            out.setdefault(role, []).append(function)
    return {role: sorted(functions) for role, functions in sorted(out.items())}
