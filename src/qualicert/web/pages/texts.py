"""The words of the public pages in Chinese (the default) and English.

One table, so a page never shows a word in only one language and a test can check that
every key has both. Templates call ``t("key")``; :func:`text` is the same for Python code.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en"}

TEXTS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "site_name": ("质量认证公共平台", "Quality certification platform"),
    "site_tagline": (
        "认证信息公开、免费、可验证",
        "Certification information: public, free and verifiable",
    ),
    "nav_search": ("查询证书", "Search"),
    "nav_verify": ("验证", "Verify"),
    "nav_bodies": ("认证机构", "Bodies"),
    "nav_labs": ("检验检测机构", "Labs"),
    "nav_auditors": ("审核员", "Auditors"),
    "nav_ledger": ("公开日志", "Ledger"),
    "nav_api": ("开放接口", "Open API"),
    "switch_language": ("English", "中文"),
    "search_label": (
        "证书编号、组织名称（任意部分）或统一社会信用代码",
        "Certificate number, any part of an organisation's name, or USCC",
    ),
    "search_placeholder": ("例如：北京、ISO 9001、证书编号", "e.g. Beijing, a certificate number"),
    "search_button": ("搜索", "Search"),
    "filters": ("筛选", "Filters"),
    "any": ("全部", "Any"),
    "scheme": ("认证项目", "Scheme"),
    "status": ("状态", "Status"),
    "region": ("地区代码", "Region code"),
    "body": ("认证机构", "Certification body"),
    "body_filter_hint": ("批准号，如 CNCA-R-2002-001", "approval number, e.g. CNCA-R-2002-001"),
    "unknown_body": (
        "没有批准号为 {body} 的认证机构。",
        "No certification body has the approval number {body}.",
    ),
    "results": ("共 {total} 条结果", "{total} results"),
    "no_results": (
        "没有找到符合条件的证书。请检查拼写，或减少筛选条件。",
        "No certificate matches. Check the spelling or remove a filter.",
    ),
    "previous": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page_of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "number": ("证书编号", "Certificate number"),
    "holder": ("获证组织", "Certificate holder"),
    "uscc": ("统一社会信用代码", "USCC"),
    "address": ("地址", "Address"),
    "standard": ("认证依据", "Standard"),
    "scope": ("认证范围", "Scope"),
    "sites": ("认证场所", "Sites"),
    "sectors": ("IAF 行业代码", "IAF sectors"),
    "issue_date": ("颁证日期", "Issue date"),
    "expiry_date": ("有效期至", "Valid until"),
    "original_issue_date": ("初次颁证日期", "Original issue date"),
    "status_since": ("状态起始日期", "Status since"),
    "history": ("状态变更记录", "Status history"),
    "when": ("生效日期", "Effective"),
    "change": ("变更", "Change"),
    "reason": ("原因", "Reason"),
    "signed_by": ("签字人", "Signed by"),
    "qr_code": ("证书二维码（签名凭证）", "QR code (signed credential)"),
    "downloads": ("下载", "Downloads"),
    "download_vc": ("可验证凭证 JSON", "Verifiable credential (JSON)"),
    "download_qr_png": ("二维码 PNG", "QR code (PNG)"),
    "download_qr_text": ("二维码内容", "QR payload (text)"),
    "check_log": ("核对公开日志", "Check the log"),
    "check_log_help": (
        "核对本证书的每一条记录都已写入公开的透明日志，且日志未被篡改。",
        "Check that every record of this certificate is in the public transparency log "
        "and that the log was not rewritten.",
    ),
    "log_ok": (
        "已核对：{count} 条记录均包含在大小为 {size} 的已签名日志检查点中。",
        "Checked: all {count} records are included in the signed log checkpoint of size {size}.",
    ),
    "log_bad": (
        "警告：{bad} 条记录无法在已签名的日志中得到证明。",
        "Warning: {bad} records could not be proven in the signed log.",
    ),
    "check_in_browser": ("在本浏览器中核对", "Check in this browser"),
    "browser_ok": (
        "本浏览器已自行核对：签名检查点有效，{count} 条记录均在大小为 {size} 的日志中得到证明。",
        "Checked in this browser: the checkpoint's signature holds and all {count} records "
        "are proven in the log of size {size}.",
    ),
    "browser_bad": (
        "警告：本浏览器无法证明 {count} 条记录。",
        "Warning: this browser could not prove {count} records.",
    ),
    "browser_unavailable": (
        "此浏览器不支持所需的加密功能（需要 HTTPS 与 Ed25519），请使用上面的服务器核对。",
        "This browser lacks the cryptography needed (HTTPS and Ed25519); use the check above.",
    ),
    "leaf_index": ("日志序号", "Leaf index"),
    "event": ("事件", "Event"),
    "proof": ("包含证明", "Inclusion proof"),
    "proof_ok": ("通过", "verified"),
    "proof_bad": ("未通过", "failed"),
    "checkpoint": ("最新日志检查点", "Latest log checkpoint"),
    "tree_size": ("日志大小", "Tree size"),
    "root_hash": ("根哈希", "Root hash"),
    "figures": ("平台数据", "Figures"),
    "organizations": ("登记组织", "Organisations"),
    "certificates": ("证书", "Certificates"),
    "active_certificates": ("有效证书", "Valid certificates"),
    "bodies": ("认证机构", "Certification bodies"),
    "labs": ("检验检测机构", "Laboratories"),
    "auditors": ("审核员", "Auditors"),
    "events": ("公开事件", "Public events"),
    "verify_title": ("验证证书真伪", "Verify a certificate"),
    "verify_intro": (
        "粘贴二维码内容、上传二维码照片或凭证 JSON 文件，或输入证书编号。",
        "Paste a QR payload, upload a photo of a QR code or a credential JSON file, "
        "or enter a certificate number.",
    ),
    "verify_number": ("证书编号", "Certificate number"),
    "verify_payload": ("二维码内容（QC1:...）", "QR payload (QC1:...)"),
    "verify_image": ("二维码图片", "Image of a QR code"),
    "verify_file": ("凭证 JSON 文件", "Credential JSON file"),
    "verify_button": ("验证", "Verify"),
    "verify_nothing": (
        "请提供证书编号、二维码内容、二维码图片或凭证文件之一。",
        "Give a certificate number, a QR payload, a QR image or a credential file.",
    ),
    "verify_no_qr": (
        "图片中没有识别到二维码。请拍得更清楚些，或直接输入证书编号。",
        "No QR code was found in the image. Try a sharper photo or enter the number.",
    ),
    "verify_not_image": (
        "无法读取该图片，请上传 PNG 或 JPEG 格式的照片。",
        "The file could not be read as an image; upload a PNG or JPEG photo.",
    ),
    "verify_too_large": ("文件过大（上限 5 MB）。", "The file is too large (5 MB at most)."),
    "verify_bad_json": ("文件不是有效的 JSON。", "The file is not valid JSON."),
    "verdict": ("结论", "Verdict"),
    "open_certificate": ("查看证书", "Open the certificate"),
    "approval_number": ("批准号", "Approval number"),
    "accreditation_number": ("认可证书号", "Accreditation number"),
    "name": ("名称", "Name"),
    "registration_number": ("注册号", "Registration number"),
    "employer": ("所在机构", "Employer"),
    "qualifications": ("资格", "Qualifications"),
    "grade": ("级别", "Grade"),
    "valid": ("有效期", "Valid"),
    "cma_number": ("CMA 资质认定证书号", "CMA number"),
    "cnas_number": ("CNAS 认可号", "CNAS number"),
    "search_directory": ("按名称或编号搜索", "Search by name or number"),
    "body_certificates": ("该机构颁发的证书", "Certificates issued by this body"),
    "not_found_title": ("未找到", "Not found"),
    "ledger_title": ("公开透明日志", "The public transparency log"),
    "home_title": ("查询与验证认证证书", "Search and verify certification certificates"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "active": ("有效", "Valid"),
    "suspended": ("暂停", "Suspended"),
    "withdrawn": ("撤销", "Withdrawn"),
    "cancelled": ("注销", "Cancelled"),
    "expired": ("过期", "Expired"),
    "approved": ("批准", "Approved"),
    "revoked": ("撤销批准", "Revoked"),
    "banned": ("禁入", "Banned"),
    "abnormal": ("经营异常", "Abnormal"),
    "deregistered": ("已注销", "Deregistered"),
}

VERDICT_LABELS: dict[str, tuple[str, str]] = {
    "VALID": ("真实有效", "Valid"),
    "NOT_CURRENT": ("真实但当前无效", "Genuine, not current"),
    "TAMPERED": ("已被篡改", "Tampered"),
    "UNKNOWN_ISSUER": ("签发者不可信", "Unknown issuer"),
    "NOT_FOUND": ("未查到", "Not found"),
    "MALFORMED": ("无法识别", "Unreadable"),
}

TRANSITION_LABELS: dict[str, tuple[str, str]] = {
    "issue": ("颁发", "Issued"),
    "suspend": ("暂停", "Suspended"),
    "reinstate": ("恢复", "Reinstated"),
    "withdraw": ("撤销", "Withdrawn"),
    "cancel": ("注销", "Cancelled"),
    "expire": ("过期", "Expired"),
    "renew": ("再认证换证", "Renewed"),
    "reduce_scope": ("缩小范围", "Scope reduced"),
    "extend_scope": ("扩大范围", "Scope extended"),
    "transfer": ("转换机构", "Transferred"),
    "import": ("批量上报", "Uploaded"),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def text(key: str, language: str, **values: object) -> str:
    """The text ``key`` in ``language``, with ``{name}`` placeholders filled from ``values``."""
    words = _pick(TEXTS[key], language)
    return words.format(**values) if values else words


def status_label(status: str, language: str) -> str:
    """A status value in words (``suspended`` is 暂停 in Chinese)."""
    pair = STATUS_LABELS.get(status)
    return _pick(pair, language) if pair else status


def verdict_label(verdict: str, language: str) -> str:
    """A verification verdict in words (``TAMPERED`` is 已被篡改 in Chinese)."""
    pair = VERDICT_LABELS.get(verdict)
    return _pick(pair, language) if pair else verdict


def transition_label(transition: str, language: str) -> str:
    """A history transition in words."""
    pair = TRANSITION_LABELS.get(transition)
    return _pick(pair, language) if pair else transition
