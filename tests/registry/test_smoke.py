from tests import factories


def test_search_by_chinese_substring(client, factory, session):
    factories.organization(session, name="浙江吉利控股集团有限公司", region_code="330100")
    session.commit()
    r = client.get("/api/v1/organizations", params={"q": "吉利控股"})
    assert r.status_code == 200
    assert [o["name"] for o in r.json()["items"]] == ["浙江吉利控股集团有限公司"]
