"""The demo's certification schemes: management systems, a few CCC products and a service.

Management-system schemes follow the standards shipped in
``qualicert/registry/data/standards.json``; product schemes are CCC categories from
``ccc_categories.json`` (ISO/IEC 17067 type 5: type test, factory inspection and
surveillance); the service scheme is the after-sales service certification of
GB/T 27922-2011 (type 6).
"""

from __future__ import annotations

from typing import Any

from qualicert.registry.reference import ccc_categories, standards

SCHEME_NAMES: dict[str, tuple[str, str]] = {
    "QMS": ("质量管理体系认证", "Quality management system certification"),
    "EMS": ("环境管理体系认证", "Environmental management system certification"),
    "OHSMS": ("职业健康安全管理体系认证", "Occupational health and safety management system"),
    "FSMS": ("食品安全管理体系认证", "Food safety management system certification"),
    "ISMS": ("信息安全管理体系认证", "Information security management system certification"),
    "ENMS": ("能源管理体系认证", "Energy management system certification"),
    "MDQMS": ("医疗器械质量管理体系认证", "Medical devices quality management system"),
    "IATF": ("汽车质量管理体系认证", "Automotive quality management system (IATF 16949)"),
    "ITSMS": ("信息技术服务管理体系认证", "IT service management system certification"),
    "SCSMS": ("供应链安全管理体系认证", "Supply chain security management system"),
    "ABMS": ("反贿赂管理体系认证", "Anti-bribery management system certification"),
    "HACCP": ("危害分析与关键控制点（HACCP）体系认证", "HACCP system certification"),
    "EC": ("工程建设施工企业质量管理体系认证", "Construction enterprise quality management"),
}

# CCC categories certified in the demo, with the main standard of each.
CCC_STANDARDS: dict[str, str] = {
    "01": "GB/T 5023.1-2008",
    "03": "GB/T 14048.1-2012",
    "07": "GB 4706.1-2005",
    "09": "GB 7000.1-2015",
    "16": "GB 4943.1-2022",
    "22": "GB 6675.1-2014",
}

SERVICE_SCHEME: dict[str, Any] = {
    "code": "SERVICE-AS",
    "name": "商品售后服务评价认证",
    "name_en": "After-sales service certification",
    "kind": "service",
    "iso17067_type": "6",
    "standard": "GB/T 27922-2011",
    "validity_years": 3,
    "surveillance_interval_months": 12,
}


def management_schemes() -> list[dict[str, Any]]:
    """One scheme per management-system standard, coded by its family (QMS, EMS ...)."""
    rows = []
    for standard in standards():
        code = str(standard["family"]).upper()
        zh, en = SCHEME_NAMES[code]
        rows.append(
            {
                "code": code,
                "name": zh,
                "name_en": en,
                "kind": "management-system",
                "standard": standard["code"],
                "validity_years": 3,
                "surveillance_interval_months": 12,
            }
        )
    return rows


def product_schemes() -> list[dict[str, Any]]:
    """CCC schemes (``CCC-07`` ...): five-year certificates, yearly factory surveillance."""
    rows = []
    for category in ccc_categories():
        standard = CCC_STANDARDS.get(category["code"])
        if standard is None:
            continue
        rows.append(
            {
                "code": f"CCC-{category['code']}",
                "name": f"强制性产品认证（{category['name']}）",
                "name_en": f"China Compulsory Certification: {category['name_en']}",
                "kind": "product",
                "iso17067_type": "5",
                "standard": standard,
                "validity_years": 5,
                "surveillance_interval_months": 12,
            }
        )
    return rows


def scheme_rows() -> list[dict[str, Any]]:
    """Every demo scheme, management systems first, as :class:`SchemeCreate` fields."""
    return [*management_schemes(), *product_schemes(), dict(SERVICE_SCHEME)]
