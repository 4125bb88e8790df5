"""The small base pack that validator tests and the hostile corpus change one defect at a time."""

CATEGORIES = """\
- id: auth
  title: {en: "Auth", ko: "인증"}
  colour: "#e6194b"
- id: cache
  title: {en: "Cache", ko: "캐시"}
  colour: "#f58231"
"""

# Line numbers matter: expected findings point into this file.
ALPHA = """\
---
id: alpha
title: {en: Alpha, ko: 알파}
category: auth
aliases: [a, 에이]
links:
  - {to: beta, kind: prerequisite-of}
questions:
  - id: alpha-q
    kind: choice
    prompt: {en: "Which?", ko: "어느 것?"}
    choices: [{en: one, ko: 하나}, {en: two, ko: 둘}]
    correct: 1
---
## en
Alpha comes before [[beta]].

## ko
알파는 [[beta]]보다 먼저입니다.
"""
