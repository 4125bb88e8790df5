"""A small content pack for the quiz and progress tests, written on the fly so a test can drop concepts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

CATEGORIES = """\
- id: web
  title: {en: "Web", ko: "웹"}
  colour: "#3cb44b"
- id: auth
  title: {en: "Auth", ko: "인증"}
  colour: "#e6194b"
- id: cache
  title: {en: "Caching", ko: "캐시"}
  colour: "#f58231"
"""

# id: (category, title en, title ko, aliases, links [(target, kind)], first paragraph en, ko)
CONCEPTS: dict[str, tuple[str, str, str, list[str], list[tuple[str, str]], str, str]] = {
    "http": ("web", "HTTP", "HTTP", ["하이퍼텍스트 전송 프로토콜"], [("rest", "prerequisite-of")],
             "HTTP is the request/response protocol of the web. Clients send **requests**, servers answer.",
             "HTTP는 웹의 요청/응답 프로토콜입니다. 클라이언트가 요청을 보내면 서버가 응답합니다."),
    "http-methods": ("web", "HTTP methods", "HTTP 메서드", ["verbs"], [("http", "part-of")],
                     "HTTP methods such as GET and POST say what a request wants done to a resource.",
                     "HTTP 메서드는 GET, POST처럼 요청이 리소스에 무엇을 하려는지 나타냅니다."),
    "status-codes": ("web", "Status codes", "상태 코드", [], [("http", "part-of")],
                     "Status codes are three-digit numbers that tell the client how a request went.",
                     "상태 코드는 요청이 어떻게 처리됐는지 알려 주는 세 자리 숫자입니다."),
    "get-method": ("web", "GET", "GET 메서드", [], [("http-methods", "example-of")],
                   "GET reads a resource without changing it, so it is safe and idempotent.",
                   "GET 메서드는 리소스를 바꾸지 않고 읽기만 하므로 안전하고 멱등합니다."),
    "post-method": ("web", "POST", "POST 메서드", [], [("http-methods", "example-of")],
                    "POST submits data for the server to process, often creating a resource.",
                    "POST 메서드는 서버가 처리할 데이터를 보내며, 보통 리소스를 만듭니다."),
    "rest": ("web", "REST", "REST", ["RESTful"], [],
             "REST is an architectural style where resources are named by URLs and handled with [[http|HTTP]] methods.",
             "REST는 리소스를 URL로 식별하고 [[http|HTTP]] 메서드로 다루는 아키텍처 스타일입니다."),
    "graphql": ("web", "GraphQL", "GraphQL", [], [("rest", "contrasts-with")],
                "GraphQL lets the client ask for exactly the fields it needs from one endpoint.",
                "GraphQL은 클라이언트가 하나의 엔드포인트에서 필요한 필드만 정확히 요청하게 합니다."),
    "authentication": ("auth", "Authentication", "인증 (Authentication)", ["authn", "인증"],
                       [("authorization", "prerequisite-of"), ("jwt", "prerequisite-of")],
                       "Authentication answers **who are you?** by checking a credential. Authentication comes before [[authorization]].",
                       "인증은 자격 증명을 확인해 **당신은 누구인가?**에 답합니다. 인증은 [[authorization|인가]]보다 먼저 일어납니다."),
    "authorization": ("auth", "Authorization", "인가 (Authorization)", ["authz", "권한 부여"], [],
                      "Authorization decides what an identified caller may do with a resource.",
                      "인가는 신원이 확인된 호출자가 리소스로 무엇을 할 수 있는지 결정합니다."),
    "jwt": ("auth", "JSON Web Token (JWT)", "JSON 웹 토큰 (JWT)", ["JWT", "제이더블유티"], [("session", "contrasts-with")],
            "A JWT is a signed token with a header, a payload and a signature. JWTs are stateless.",
            "JWT는 헤더, 페이로드, 서명으로 이루어진 서명된 토큰입니다. JWT는 무상태입니다."),
    "session": ("auth", "Session", "세션", ["server session"], [],
                "A session keeps login state on the server and gives the client only an opaque ID.",
                "세션은 로그인 상태를 서버에 두고 클라이언트에는 의미 없는 ID만 줍니다."),
    "rbac": ("auth", "Role-based access control", "역할 기반 접근 제어", ["RBAC"], [("authorization", "example-of")],
             "Role-based access control grants permissions to roles and roles to users.",
             "역할 기반 접근 제어는 권한을 역할에 주고, 역할을 사용자에게 줍니다."),
    "caching": ("cache", "Caching", "캐싱", ["cache", "캐시"], [],
                "Caching keeps copies of data close to where it is used, so repeated reads are fast.",
                "캐싱은 데이터 복사본을 사용하는 곳 가까이에 두어 반복 읽기를 빠르게 합니다."),
    "redis": ("cache", "Redis", "레디스 (Redis)", ["레디스"], [("caching", "example-of")],
              "Redis is an in-memory key-value store with rich data structures.",
              "레디스는 풍부한 자료구조를 가진 인메모리 키-값 저장소입니다."),
    "cache-aside": ("cache", "Cache-aside", "캐시 어사이드", ["lazy loading"], [("caching", "part-of")],
                    "With cache-aside the application reads the cache first and loads from the database on a miss.",
                    "캐시 어사이드에서는 애플리케이션이 먼저 캐시를 읽고, 없으면 데이터베이스에서 읽어 옵니다."),
    "write-through": ("cache", "Write-through", "라이트 스루", [], [("caching", "part-of"), ("cache-aside", "contrasts-with")],
                      "Write-through writes to the cache and the database together on every update.",
                      "라이트 스루는 갱신할 때마다 캐시와 데이터베이스에 함께 씁니다."),
    "ttl": ("cache", "Time to live (TTL)", "TTL (Time to live)", ["expiry"], [("cache-aside", "part-of")],
            "A TTL is how long an entry may stay before it expires.",
            "TTL은 항목이 만료되기 전까지 머무를 수 있는 시간입니다."),
}  # fmt: skip

QUESTIONS = {
    "http": """\
questions:
  - id: http-stateless
    kind: recall
    prompt: {en: "Why is HTTP called stateless?", ko: "HTTP를 왜 무상태라고 하나요?"}
    answer: {en: "Each request stands alone.", ko: "요청마다 독립적입니다."}
""",
    "jwt": """\
questions:
  - id: jwt-parts
    kind: choice
    prompt: {en: "How many parts does a JWT have?", ko: "JWT는 몇 부분으로 되어 있나요?"}
    choices:
      - {en: "Two", ko: "둘"}
      - {en: "Three", ko: "셋"}
    correct: 1
""",
}


def write_pack(root: Path, drop: Iterable[str] = ()) -> Path:
    """Write the pack to `root` without the concepts in `drop` (and links to them)."""
    dropped = set(drop)
    root.mkdir(parents=True, exist_ok=True)
    (root / "categories.yaml").write_text(CATEGORIES, encoding="utf-8")
    for cid, (category, en, ko, aliases, links, body_en, body_ko) in CONCEPTS.items():
        if cid in dropped:
            continue
        kept = [(t, k) for t, k in links if t not in dropped]
        lines = ["---", f"id: {cid}", f'title: {{en: "{en}", ko: "{ko}"}}', f"category: {category}"]
        if aliases:
            lines.append("aliases: [" + ", ".join(f'"{a}"' for a in aliases) + "]")
        if kept:
            lines.append("links:")
            lines += [f"  - {{to: {t}, kind: {k}}}" for t, k in kept]
        # store.build_database needs at least one source in a pack (its table is made on insert).
        lines.append(f'sources: [{{title: "About {en}", url: "https://example.org/{cid}"}}]')
        text = "\n".join(lines) + "\n" + QUESTIONS.get(cid, "") + "---\n"
        for lang, body in (("en", body_en), ("ko", body_ko)):
            # A heading and code first: the definition must come from the first paragraph.
            text += f"## {lang}\n\n### Heading\n\n```\ncode {cid}\n```\n\n"
            text += f"{_unlink(body, dropped)}\n\nMore text.\n\n"
        folder = root / category
        folder.mkdir(exist_ok=True)
        (folder / f"{cid}.md").write_text(text, encoding="utf-8")
    return root


def _unlink(body: str, dropped: set[str]) -> str:
    """Turn wikilinks to dropped concepts into their plain label."""

    def plain(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        return (label or target) if target in dropped else match.group(0)

    return re.sub(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", plain, body)
