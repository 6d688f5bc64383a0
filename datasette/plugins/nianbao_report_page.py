"""A report's own page (the ``reports`` row page) shows its checks, the
failing ones first, and a link to its archived original, so a journalist
sees at once whether the numbers add up and can open the document."""

from __future__ import annotations

from urllib.parse import unquote

from datasette import hookimpl

_CHECKS = """
select check_id, status, expected, actual from checks where report_id = :id
order by case status when 'fail' then 0 when 'not_assessable' then 2 else 1 end, check_id
"""


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "reports" or request is None:
        return {}

    async def report_vars():
        report_id = unquote(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        checks = [dict(r) for r in await db.execute(_CHECKS, {"id": report_id})]
        row = (await db.execute("select document_sha256, source_url from reports where report_id = ?",
                                [report_id])).first()
        return {
            "report_checks": checks,
            "report_failing": sum(1 for c in checks if c["status"] == "fail"),
            "report_original": f"/-/originals/{row['document_sha256']}" if row else None,
            "report_source": row["source_url"] if row else None,
        }

    return report_vars
