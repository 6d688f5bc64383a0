"""A Hanweb 大汉 (jcms) site: the column page /col/col1234/index.html carries
its first records in a ``<script type="text/xml"><datastore>`` block; the
rest come only from POSTs to /module/web/jpage/dataproxy.jsp with the
column's form fields; detail pages are /art/2024/3/20/art_1234_567890.html
and attachments /module/download/downfile.jsp?filename=…"""

from __future__ import annotations

from urllib.parse import quote

from .base import MockSite
from .catalog import Item
from .server import Request, Response

COLUMN_ID = 1234
PROXY = "/module/web/jpage/dataproxy.jsp"


class HanwebSite(MockSite):
    name = "hanweb"
    cms = "hanweb"
    domain = "www.songshan.gov.cn"
    column_name = "信息公开年报"
    report_link_texts = ("政府信息公开年度报告",)
    deliveries = ("html", "pdf_ruled", "html_flat", "docx", "html_rows", "pdf_unruled", "doc")
    body_attrs = 'id="zoom" class="bt-content"'
    declared_charset = "utf-8"
    channel_path = "/col/col100/index.html"
    list_path = f"/col/col{COLUMN_ID}/index.html"
    column_id = COLUMN_ID
    unit_id = 5678
    web_id = 2
    per_page = 10
    group_size = 2

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.nav = [("首页", "/index.html"), ("政务公开", self.channel_path), ("互动交流", "/col/col100/index.html")]
        self.home_links = [("年报", self.list_path), ("政府信息公开", self.channel_path)]
        for path in (r"/", r"/index\.html"):
            self.route(path, lambda r: self.page("home.html"))
        self.route(r"/col/col100/index\.html", lambda r: self.page("channel.html"))
        self.route(rf"/col/col{COLUMN_ID}/index\.html", self.column)
        self.route(PROXY, self.proxy, methods=("POST",))
        self.route(rf"/art/\d{{4}}/\d{{1,2}}/\d{{1,2}}/art_{COLUMN_ID}_(?P<item_id>\d+)\.html", self.detail)
        self.route(r"/module/download/downfile\.jsp", self.download)
        self.route(r"/module/web/jpage/.*\.js", self.asset)

    def detail_path(self, item: Item) -> str:
        d = item.published
        return f"/art/{d.year}/{d.month}/{d.day}/art_{COLUMN_ID}_{item.id}.html"

    def file_path(self, item: Item, ext: str) -> str:
        return f"/module/download/downfile.jsp?classid=0&filename={item.published:%y%m%d}{item.id:07d}{ext}"

    def datastore(self, items: list[Item]) -> str:
        pages = -(-len(self.items) // self.per_page)
        return self.render("hanweb_datastore.xml", items=items, total=len(self.items), pages=pages)

    def column(self, request: Request) -> Response:
        first_group = self.items[: self.per_page * self.group_size]
        return self.page("hanweb_column.html", datastore=self.datastore(first_group), total=len(self.items))

    def proxy(self, request: Request) -> Response:
        """The jpage data proxy: records startrecord..endrecord (1-based,
        inclusive) for a POST that names this column, unit and site."""
        form = request.form
        known = (form.get("columnid") == str(COLUMN_ID) and form.get("unitid") == str(self.unit_id)
                 and form.get("webid") == str(self.web_id))
        start = int(request.query.get("startrecord", "1"))
        end = int(request.query.get("endrecord", str(start + self.per_page - 1)))
        items = self.items[start - 1: end] if known else []
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + self.datastore(items)
        return Response(body=xml.encode(), content_type="text/xml;charset=UTF-8")

    def download(self, request: Request) -> Response:
        name = request.query.get("filename", "")
        stem, dot, ext = name.rpartition(".")
        item = self.item(stem[-7:]) if stem[-7:].isdigit() else None
        response = self.file_response(item, dot + ext)
        if response.status == 200:
            response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(item.title + dot + ext)}"
        return response
