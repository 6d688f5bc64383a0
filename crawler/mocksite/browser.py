"""A browser-rendered site: the column page's HTML holds an empty ``<ul>``;
JavaScript fetches the items from a JSON API and draws them, so only a
browser (or a crawler that finds the API) sees the reports."""

from __future__ import annotations

import json

from .base import MockSite
from .catalog import Item
from .server import Request, Response

LIST = "/xxgk/ndbg/index.html"


class BrowserSite(MockSite):
    name = "browser"
    cms = "browser"
    domain = "www.baisha.gov.cn"
    column_name = "政府信息公开工作年度报告"
    report_link_texts = ("政府信息公开工作年度报告",)
    deliveries = ("html", "html_rows", "pdf_ruled")
    body_attrs = 'class="article-content"'
    declared_charset = "utf-8"
    channel_path = "/xxgk/index.html"
    list_path = LIST
    channel_id = 4021
    per_page = 10

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.nav = [("首页", "/"), ("信息公开", self.channel_path)]
        self.home_links = [("政府信息公开", self.channel_path)]
        self.route(r"/", lambda r: self.page("home.html"))
        self.route(r"/xxgk/index\.html", lambda r: self.page("channel.html"))
        self.route(LIST, lambda r: self.page("browser_list.html"))
        self.route(r"/api/content/list", self.api)
        self.route(r"/xxgk/ndbg/content_(?P<item_id>\d+)\.html", self.detail)
        self.route(r"/uploads/\d{6}/(?P<item_id>\d+)(?P<ext>\.\w+)",
                   lambda r, item_id, ext: self.file_response(self.item(item_id), ext))

    def detail_path(self, item: Item) -> str:
        return f"/xxgk/ndbg/content_{item.id}.html"

    def file_path(self, item: Item, ext: str) -> str:
        return f"/uploads/{item.published:%Y%m}/{item.id}{ext}"

    def api(self, request: Request) -> Response:
        page = int(request.query.get("pageNo", "1"))
        size = int(request.query.get("pageSize", str(self.per_page)))
        if request.query.get("channelId") != str(self.channel_id):
            rows = []
        else:
            rows = self.items[(page - 1) * size: page * size]
        data = {"code": 200, "msg": "success", "data": {
            "total": len(self.items), "pages": -(-len(self.items) // size), "pageNo": page,
            "list": [{"id": i.id, "title": i.title, "url": self.detail_path(i), "publishTime": str(i.published)}
                     for i in rows]}}
        return Response(body=json.dumps(data, ensure_ascii=False).encode(), content_type="application/json;charset=UTF-8")
