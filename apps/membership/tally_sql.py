"""The database side of `MembershipTally`: the trigger functions that keep the tallies true.

A write of a few rows updates the built tallies in place, in the writing statement: each member
it touches is moved, at every built period end, from the entry that stood before the write to
the one that stands after it (members: S by sex and migrant flag, F by new form of employment),
and each 入会 it adds counts in the built join periods that hold its date (J); a change of a
member's sex, migrant flag or new form of employment moves their counts from the old attributes
to the new. A larger write (an imported roster)
deletes the tallies it could change instead, and the next report rebuilds them from the ledger,
which is faster than thousands of moves.

Every path first takes the tally lock shared (see `tallies.py` for how it orders builds and
writes). "Standing" follows the indicators' definition: a member's last entry on or before the
day, by date and then by entry, when it is 入会, 转入 or 保留.
"""

TALLY_LOCK = 7_302_118_001  # the advisory lock that orders tally builds after ledger writes
INCREMENTAL_ROWS = 1000  # a larger write deletes the tallies instead of updating them
HOLDING = "('1', '2', '3')"  # ChangeType.JOIN, TRANSFER_IN, RETAIN
TABLE = "membership_membershiptally"
COLUMNS = "measure, first_day, last_day, union_id, sex, is_migrant, new_form_group, count"

# Adds (or subtracts) the grouped deltas of the CTE `moves` to the tallies.
_APPLY = f"""
    INSERT INTO {TABLE} ({COLUMNS})
    SELECT measure, first_day, last_day, union_id, sex, is_migrant, new_form_group, sum(delta)
    FROM moves
    GROUP BY measure, first_day, last_day, union_id, sex, is_migrant, new_form_group
    HAVING sum(delta) <> 0
    ON CONFLICT (measure, last_day, first_day, union_id, sex, is_migrant, new_form_group)
    DO UPDATE SET count = {TABLE}.count + EXCLUDED.count;
"""

LEDGER_DECLARE = [("first_date", "date"), ("written", "integer")]
LEDGER_INSERTED = f"""
        PERFORM pg_advisory_xact_lock_shared({TALLY_LOCK});
        SELECT min(changed_on), count(*) INTO first_date, written FROM new_rows;
        IF written > {INCREMENTAL_ROWS} THEN
            DELETE FROM {TABLE} WHERE last_day >= first_date;
            RETURN NULL;
        END IF;
        WITH days AS (
            SELECT last_day AS day FROM {TABLE}
            WHERE union_id IS NULL AND measure = 'S' AND last_day >= first_date
        ),
        touched AS (
            SELECT DISTINCT d.day, r.member_id FROM days d JOIN new_rows r ON r.changed_on <= d.day
        ),
        stood AS (
            SELECT DISTINCT ON (t.day, t.member_id) t.day, t.member_id, c.union_id, c.change_type
            FROM touched t
            JOIN membership_membershipchange c
                ON c.member_id = t.member_id AND c.changed_on <= t.day
            WHERE NOT EXISTS (SELECT 1 FROM new_rows r WHERE r.id = c.id)
            ORDER BY t.day, t.member_id, c.changed_on DESC, c.id DESC
        ),
        stands AS (
            SELECT DISTINCT ON (t.day, t.member_id) t.day, t.member_id, c.union_id, c.change_type
            FROM touched t
            JOIN membership_membershipchange c
                ON c.member_id = t.member_id AND c.changed_on <= t.day
            ORDER BY t.day, t.member_id, c.changed_on DESC, c.id DESC
        ),
        member_moves AS (
            SELECT day, member_id, union_id, -1 AS delta FROM stood WHERE change_type IN {HOLDING}
            UNION ALL
            SELECT day, member_id, union_id, 1 FROM stands WHERE change_type IN {HOLDING}
        ),
        join_periods AS (
            SELECT first_day, last_day FROM {TABLE}
            WHERE union_id IS NULL AND measure = 'J' AND last_day >= first_date
        ),
        moves AS (
            SELECT 'S' AS measure, v.day AS first_day, v.day AS last_day, v.union_id,
                   m.sex, m.is_migrant, '' AS new_form_group, v.delta
            FROM member_moves v JOIN membership_member m ON m.id = v.member_id
            UNION ALL
            SELECT 'F', v.day, v.day, v.union_id, '', false, m.new_form_group, v.delta
            FROM member_moves v JOIN membership_member m ON m.id = v.member_id
            WHERE m.new_form_group <> ''
            UNION ALL
            SELECT 'J', p.first_day, p.last_day, r.union_id, m.sex, m.is_migrant, '', 1
            FROM join_periods p
            JOIN new_rows r
                ON r.change_type = '1' AND r.changed_on BETWEEN p.first_day AND p.last_day
            JOIN membership_member m ON m.id = r.member_id
        )
        {_APPLY}
        RETURN NULL;
"""

CHANGED_MEMBERS = """
    SELECT o.id, o.sex AS old_sex, o.is_migrant AS old_migrant, o.new_form_group AS old_group,
           n.sex, n.is_migrant, n.new_form_group
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.sex, o.is_migrant, o.new_form_group)
        IS DISTINCT FROM (n.sex, n.is_migrant, n.new_form_group)
"""
MEMBER_DECLARE = [("changed", "integer")]
MEMBER_UPDATED = f"""
        SELECT count(*) INTO changed FROM ({CHANGED_MEMBERS}) AS x;
        IF changed = 0 THEN
            RETURN NULL;
        END IF;
        PERFORM pg_advisory_xact_lock_shared({TALLY_LOCK});
        IF changed > {INCREMENTAL_ROWS} THEN
            DELETE FROM {TABLE};
            RETURN NULL;
        END IF;
        WITH changed_members AS ({CHANGED_MEMBERS}),
        days AS (
            SELECT last_day AS day FROM {TABLE} WHERE union_id IS NULL AND measure = 'S'
        ),
        stands AS (
            SELECT DISTINCT ON (d.day, c.member_id) d.day, c.member_id, c.union_id, c.change_type
            FROM days d
            JOIN membership_membershipchange c ON c.changed_on <= d.day
            WHERE c.member_id IN (SELECT id FROM changed_members)
            ORDER BY d.day, c.member_id, c.changed_on DESC, c.id DESC
        ),
        counted AS (
            SELECT 'S' AS measure, s.day AS first_day, s.day AS last_day, s.union_id, s.member_id
            FROM stands s WHERE s.change_type IN {HOLDING}
            UNION ALL
            SELECT 'J', p.first_day, p.last_day, c.union_id, c.member_id
            FROM {TABLE} p
            JOIN membership_membershipchange c
                ON c.change_type = '1' AND c.changed_on BETWEEN p.first_day AND p.last_day
            WHERE p.union_id IS NULL AND p.measure = 'J'
                AND c.member_id IN (SELECT id FROM changed_members)
        ),
        moves AS (
            SELECT k.measure, k.first_day, k.last_day, k.union_id,
                   x.old_sex AS sex, x.old_migrant AS is_migrant, '' AS new_form_group,
                   -1 AS delta
            FROM counted k JOIN changed_members x ON x.id = k.member_id
            UNION ALL
            SELECT k.measure, k.first_day, k.last_day, k.union_id, x.sex, x.is_migrant, '', 1
            FROM counted k JOIN changed_members x ON x.id = k.member_id
            UNION ALL
            SELECT 'F', k.first_day, k.last_day, k.union_id, '', false, x.old_group, -1
            FROM counted k JOIN changed_members x ON x.id = k.member_id
            WHERE k.measure = 'S' AND x.old_group <> ''
            UNION ALL
            SELECT 'F', k.first_day, k.last_day, k.union_id, '', false, x.new_form_group, 1
            FROM counted k JOIN changed_members x ON x.id = k.member_id
            WHERE k.measure = 'S' AND x.new_form_group <> ''
        )
        {_APPLY}
        RETURN NULL;
"""
