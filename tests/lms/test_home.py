import pytest

from lms.organisations.models import Job
from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_home_is_the_public_landing_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "ログイン" in response.content.decode()


def test_home_lists_every_current_role(login, world):
    factories.MembershipFactory(user=world.supervisor, organisation=world.institute, job=Job.LECTURER)
    content = login(world.supervisor).get("/").content.decode()
    assert "主任相談支援員（スーパーバイザー）" in content and "講師" in content


def test_home_query_count_does_not_grow_with_roles(login, world, django_assert_max_num_queries):
    client = login(world.supporter)
    client.get("/")
    with django_assert_max_num_queries(25) as few:
        client.get("/")
    for organisation in factories.CentreFactory.create_batch(5):
        factories.MembershipFactory(user=world.supporter, organisation=organisation, job=Job.SUPPORTER_COMMUNITY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
