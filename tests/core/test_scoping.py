"""Scope against an oracle: on random trees, `visible_to(user)` must be exactly the set found by
walking parent links in Python — the user's node and everything below it, nothing else."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.core.choices import OrgKind, OrgLevel, Role
from apps.core.models import Employer, UnionOrg, User
from apps.core.services import LEVEL_ORDER, save_org

pytestmark = pytest.mark.usefixtures("fast_passwords")

KIND_FOR_LEVEL = {
    OrgLevel.PROVINCE: [OrgKind.REGIONAL],
    OrgLevel.CITY: [OrgKind.REGIONAL, OrgKind.INDUSTRY],
    OrgLevel.COUNTY: [OrgKind.COUNTY_FEDERATION],
    OrgLevel.TOWNSHIP: [OrgKind.TOWNSHIP_FEDERATION],
    OrgLevel.GRASSROOTS: [OrgKind.ENTERPRISE, OrgKind.INSTITUTION, OrgKind.VILLAGE],
}


def random_tree(rng, size):
    """A province-rooted tree of `size` organisations, each below a random open node at a random
    lower level (so depth goes up to 4), saved through the real service."""
    root = save_org(
        org=UnionOrg(name="省总工会", level=OrgLevel.PROVINCE, kind=OrgKind.REGIONAL), actor=None
    )
    orgs = [root]
    while len(orgs) < size:
        parent = rng.choice([o for o in orgs if o.level != OrgLevel.GRASSROOTS])
        below = LEVEL_ORDER[LEVEL_ORDER.index(parent.level) + 1 :]
        level = rng.choice(below)
        org = UnionOrg(
            name=f"工会{len(orgs)}",
            parent=parent,
            level=level,
            kind=rng.choice(KIND_FOR_LEVEL[level]),
        )
        orgs.append(save_org(org=org, actor=None))
    if not any(o.level == OrgLevel.TOWNSHIP for o in orgs):
        county_or_above = [o for o in orgs if LEVEL_ORDER.index(o.level) < 3]
        orgs.append(
            save_org(
                org=UnionOrg(
                    name="补充镇总工会",
                    parent=rng.choice(county_or_above),
                    level=OrgLevel.TOWNSHIP,
                    kind=OrgKind.TOWNSHIP_FEDERATION,
                ),
                actor=None,
            )
        )
    return orgs


def subtree_by_parent_links(node_id, parent_of):
    """The oracle: every id whose chain of parents reaches node_id (node_id included)."""
    found = set()
    for org_id in parent_of:
        cursor = org_id
        while cursor is not None:
            if cursor == node_id:
                found.add(org_id)
                break
            cursor = parent_of[cursor]
    return found


def random_employers(rng, orgs, count):
    townships = [o for o in orgs if o.level == OrgLevel.TOWNSHIP]
    employers = [
        Employer(
            name=f"单位{i}",
            nature="170",
            township=rng.choice(townships),
            # covered by any union of the tree, often one outside its own township, or none
            union=rng.choice([None, *orgs]),
            headcount=rng.randint(1, 500),
        )
        for i in range(count)
    ]
    return Employer.objects.bulk_create(employers)


@pytest.mark.parametrize("seed", [7, 2024, 31337])
def test_visible_to_matches_the_parent_link_oracle_on_random_trees(db, seed):
    rng = random.Random(seed)
    orgs = random_tree(rng, size=40)
    employers = random_employers(rng, orgs, count=60)
    parent_of = dict(UnionOrg.objects.values_list("id", "parent_id"))
    assert len(parent_of) == len(orgs)
    assert max(o.depth for o in UnionOrg.objects.all()) >= 3  # the trees really are deep

    users = []
    for i in range(25):
        users.append(
            User.objects.create_user(
                username=f"user{seed}-{i}",
                org=rng.choice(orgs),
                role=rng.choice(list(Role)),
            )
        )
    users.append(User.objects.create_user(username=f"root{seed}", org=orgs[0]))
    users.append(User.objects.create_user(username=f"leaf{seed}", org=orgs[-1]))

    checked_partial = False
    for user in users:
        expected_orgs = subtree_by_parent_links(user.org_id, parent_of)
        actual_orgs = set(UnionOrg.objects.visible_to(user).values_list("id", flat=True))
        assert actual_orgs == expected_orgs, f"seed {seed}, user at {user.org.path}"

        expected_employers = {
            e.pk for e in employers if e.township_id in expected_orgs or e.union_id in expected_orgs
        }
        actual_employers = set(Employer.objects.visible_to(user).values_list("id", flat=True))
        assert actual_employers == expected_employers, f"seed {seed}, user at {user.org.path}"
        checked_partial |= 0 < len(expected_orgs) < len(orgs)

    assert checked_partial  # some users saw part of the tree, not all or nothing


@pytest.mark.parametrize("seed", [5, 11])
def test_visible_to_still_matches_the_oracle_after_random_moves(db, seed):
    """Moves rewrite materialised paths in bulk; scope must follow the new parent links."""
    rng = random.Random(seed)
    orgs = random_tree(rng, size=40)
    for _ in range(15):
        org = UnionOrg.objects.get(pk=rng.choice(orgs[1:]).pk)
        subtree = set(UnionOrg.objects.within(org).values_list("id", flat=True))
        rank = LEVEL_ORDER.index(org.level)
        parents = [
            o for o in UnionOrg.objects.exclude(pk__in=subtree) if LEVEL_ORDER.index(o.level) < rank
        ]
        org.parent = rng.choice(parents)
        save_org(org=org, actor=None)

    parent_of = dict(UnionOrg.objects.values_list("id", "parent_id"))
    level_of = dict(UnionOrg.objects.values_list("id", "level"))
    for org in UnionOrg.objects.all():
        user = User(username=f"probe{org.pk}", org=org, is_active=True)
        expected = subtree_by_parent_links(org.pk, parent_of)
        assert set(UnionOrg.objects.visible_to(user).values_list("id", flat=True)) == expected
        assert org.depth == org.path.count("/") - 2
        assert org.township_id == nearest_township(org.pk, parent_of, level_of), org.path


def nearest_township(org_id, parent_of, level_of):
    """The oracle for `township`: the first township federation on the way up, itself included."""
    cursor = org_id
    while cursor is not None and level_of[cursor] != OrgLevel.TOWNSHIP:
        cursor = parent_of[cursor]
    return cursor


def test_anonymous_inactive_and_unplaced_users_see_nothing(tree, personas):
    inactive = personas["county_admin"]
    inactive.is_active = False
    inactive.save()
    unplaced = User.objects.create_user(username="nobody", role=Role.COUNTY_ADMIN)

    for user in (AnonymousUser(), inactive, unplaced):
        assert not UnionOrg.objects.visible_to(user).exists()
        assert not Employer.objects.visible_to(user).exists()
        assert not User.objects.visible_to(user).exists()
    assert not UnionOrg.objects.visible_to(None).exists()


def test_a_township_sees_its_own_subtree_and_employers_it_covers(tree, personas):
    staff = personas["township_staff"]
    covered_elsewhere = Employer.objects.create(
        name="跨镇物流公司", nature="170", township=tree.township_b, union=tree.union_a1
    )

    orgs = set(UnionOrg.objects.visible_to(staff))
    employers = set(Employer.objects.visible_to(staff))

    assert orgs == {tree.township_a, tree.union_a1, tree.union_a2}
    assert employers == {tree.employer_a1, covered_elsewhere}
    assert tree.employer_b1 not in set(Employer.objects.visible_to(staff))
    assert covered_elsewhere in set(Employer.objects.visible_to(personas["other_township_staff"]))
