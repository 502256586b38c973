-- Bulk seed for bench/exchange_listing.sh (issue 5 "Measure").
-- psql -v team=tm_... -v course=crs_... -v members=50000 -v facs=1000 -v posts=1000000
--      -v flags=100000 -v prompts=5 -f bench/exchange_seed.sql
--
-- One course of the given team: `members` members (the last `facs` are facilitators), learners
-- in cohorts of 10 (one cohort each), each facilitator on 50 consecutive cohorts, `prompts`
-- post-moderated prompts, `posts` posts (70 % top-level, 30 % depth-1 replies in the root's
-- prompt and cohort) each with a videos row, and `flags` flags. Authors are drawn with
-- random()^1.5 over the learners, so low-numbered cohorts are busy (cohort 0 ~ 0.35 % of all
-- posts, the median cohort ~ 0.017 %): the bench reads as a learner of cohort 0, as
-- facilitator 0 (cohorts 0..49, busy) and as facilitator 900 (cohorts 4500..4549, quiet).
-- Ids are `prefix_` + 32 hex digits (lpad(to_hex(n))), as the API requires.
-- Secondary indexes of posts/videos/flags are dropped for the load and recreated from their
-- own pg_indexes definitions (so they are exactly the migration's), then ANALYZE.
\set ON_ERROR_STOP on
\timing on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
SELECT setseed(0.5);

CREATE TEMP TABLE saved_ix AS
  SELECT indexname, indexdef FROM pg_indexes
  WHERE schemaname = 'public' AND tablename IN ('posts', 'videos', 'flags')
    AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'));
SELECT format('DROP INDEX %I', indexname) FROM saved_ix \gexec

\echo == course, module, prompts
-- course, module, prompts
INSERT INTO courses (id, team_id, external_ref, title, description, language, starts_at, ends_at, created_at, updated_at)
VALUES (:'course', :'team', 'bench-exchange', 'Bench exchange', 'bench/exchange_seed.sql', 'en',
        now() - interval '90 days', now() + interval '90 days', now() - interval '91 days', now());
INSERT INTO modules (id, course_id, position, title, description, created_at, updated_at)
VALUES ('mod_' || lpad('b1', 32, '0'), :'course', 1, 'Bench module', '', now() - interval '91 days', now());
INSERT INTO prompts (id, module_id, course_id, title, body, opens_at, closes_at, min_seconds, max_seconds,
                     moderation, max_reply_depth, created_at, updated_at)
SELECT 'prm_' || lpad(to_hex(p), 32, '0'), 'mod_' || lpad('b1', 32, '0'), :'course', 'Prompt ' || p, 'Say hello',
       now() - interval '90 days', now() + interval '90 days', 1, 300, 'post', 2, now() - interval '91 days', now()
FROM generate_series(0, :prompts - 1) p;

\echo == members
-- members: 0 .. members-facs-1 learners, the rest facilitators
INSERT INTO members (id, course_id, external_id, role, display_name, email, country, languages, locale, created_at, updated_at)
SELECT 'mem_' || lpad(to_hex(i), 32, '0'), :'course',
       CASE WHEN i < :members - :facs THEN 'learner-' || i ELSE 'fac-' || (i - (:members - :facs)) END,
       CASE WHEN i < :members - :facs THEN 'learner' ELSE 'facilitator' END,
       'Member ' || i, 'm' || i || '@example.org',
       (ARRAY['FR','DE','ES','IT','PL','TR','EG','MA','JO','TN','LB','NL'])[1 + i % 12],
       (ARRAY['en','en,fr','en,de','en,es','en,ar','fr,ar'])[1 + i % 6], 'en',
       now() - interval '90 days', now() - interval '90 days'
FROM generate_series(0, :members - 1) i;

\echo == cohorts, cohort_members
-- cohorts of 10 learners
SELECT (:members - :facs) / 10 AS ncoh \gset
INSERT INTO cohorts (id, course_id, name, created_at)
SELECT 'coh_' || lpad(to_hex(c), 32, '0'), :'course', 'Cohort ' || c, now() - interval '90 days'
FROM generate_series(0, :ncoh - 1) c;
INSERT INTO cohort_members (cohort_id, member_id, course_id)
SELECT 'coh_' || lpad(to_hex(i / 10), 32, '0'), 'mem_' || lpad(to_hex(i), 32, '0'), :'course'
FROM generate_series(0, :ncoh * 10 - 1) i;
INSERT INTO cohort_members (cohort_id, member_id, course_id)
SELECT 'coh_' || lpad(to_hex(((f - (:members - :facs)) * 5 + k) % :ncoh), 32, '0'), 'mem_' || lpad(to_hex(f), 32, '0'), :'course'
FROM generate_series(:members - :facs, :members - 1) f, generate_series(0, 49) k;

\echo == top-level posts
-- top-level posts: n = 1 .. 70 % of posts
SELECT (:posts * 7 / 10) AS ntop \gset
CREATE TEMP TABLE top AS
SELECT n, a, a / 10 AS c, n % :prompts AS p,
       now() - random() * interval '60 days' AS at,
       random() AS r
FROM (SELECT n, least(floor(:ncoh * 10 * power(random(), 1.5))::int, :ncoh * 10 - 1) AS a
      FROM generate_series(1, :ntop) n) s;
INSERT INTO posts (id, course_id, prompt_id, author_id, parent_id, root_id, depth, text, state, video_id,
                   created_at, updated_at, last_activity_at, cohort_id, open_flags, moderation_reason,
                   moderated_at, queued_at, reply_count)
SELECT 'pst_' || lpad(to_hex(n), 32, '0'), :'course', 'prm_' || lpad(to_hex(p), 32, '0'),
       'mem_' || lpad(to_hex(a), 32, '0'), NULL, NULL, 0, 'Hello from ' || a,
       CASE WHEN r < 0.90 THEN 'visible' WHEN r < 0.94 THEN 'pending' WHEN r < 0.96 THEN 'hidden'
            WHEN r < 0.99 THEN 'deleted' ELSE 'processing' END,
       'vid_' || lpad(to_hex(n), 32, '0'), at, at, at, 'coh_' || lpad(to_hex(c), 32, '0'), 0,
       CASE WHEN r >= 0.94 AND r < 0.96 THEN 'Off topic' END,
       CASE WHEN r >= 0.94 AND r < 0.96 THEN at + interval '1 hour' END,
       CASE WHEN r >= 0.90 AND r < 0.94 THEN at END, 0
FROM top;

\echo == replies
-- replies: n = ntop+1 .. posts, each on a top-level post (a multiplicative permutation of n),
-- by a learner of the root's cohort, after the root
INSERT INTO posts (id, course_id, prompt_id, author_id, parent_id, root_id, depth, text, state, video_id,
                   created_at, updated_at, last_activity_at, cohort_id, open_flags, moderation_reason,
                   moderated_at, queued_at, reply_count)
SELECT 'pst_' || lpad(to_hex(g.n), 32, '0'), :'course', 'prm_' || lpad(to_hex(t.p), 32, '0'),
       'mem_' || lpad(to_hex(t.c * 10 + (t.a + 1 + g.n % 9) % 10), 32, '0'),
       'pst_' || lpad(to_hex(t.n), 32, '0'), 'pst_' || lpad(to_hex(t.n), 32, '0'), 1, '',
       CASE WHEN x.r < 0.92 THEN 'visible' WHEN x.r < 0.95 THEN 'pending' WHEN x.r < 0.97 THEN 'hidden'
            WHEN x.r < 0.99 THEN 'deleted' ELSE 'processing' END,
       'vid_' || lpad(to_hex(g.n), 32, '0'), x.at, x.at, x.at, 'coh_' || lpad(to_hex(t.c), 32, '0'), 0,
       NULL, NULL, CASE WHEN x.r >= 0.92 AND x.r < 0.95 THEN x.at END, 0
FROM (SELECT n, 1 + ((n::bigint * 7919) % :ntop) AS root, random() AS r, random() AS u
      FROM generate_series(:ntop + 1, :posts) n) g
JOIN top t ON t.n = g.root
CROSS JOIN LATERAL (SELECT g.r, t.at + g.u * (now() - t.at) * 0.5 AS at) x;

\echo == videos
-- videos: one per post
INSERT INTO videos (id, post_id, upload_id, course_id, status, progress, reason, duration_ms, width, height,
                    has_audio, meta, source_bytes, output_bytes, created_at, updated_at, ready_at)
SELECT video_id, id, 'upl_' || substr(id, 5), course_id,
       CASE WHEN state = 'processing' THEN 'processing' ELSE 'ready' END,
       CASE WHEN state = 'processing' THEN 40 ELSE 100 END, NULL,
       CASE WHEN state = 'processing' THEN NULL ELSE 30000 + (hashtext(id) & 65535) END,
       CASE WHEN state = 'processing' THEN NULL ELSE 1280 END,
       CASE WHEN state = 'processing' THEN NULL ELSE 720 END,
       CASE WHEN state = 'processing' THEN NULL ELSE true END, NULL, 20000000,
       CASE WHEN state = 'processing' THEN NULL ELSE 6000000 END,
       created_at, created_at, CASE WHEN state = 'processing' THEN NULL ELSE created_at + interval '20 seconds' END
FROM posts WHERE course_id = :'course';

\echo == flags
-- flags: slots s < flags/4 get 3 flags each, the rest 1 flag each; slot s flags post
-- 1 + (s * 7919 + 13) % posts (distinct posts); reporters are other learners of the post's cohort.
-- 30 % of flagged posts have their flags open, the rest resolved.
SELECT (:flags / 4) AS triple \gset
CREATE TEMP TABLE fl AS
SELECT k, s, j, 'pst_' || lpad(to_hex(1 + (s::bigint * 7919 + 13) % :posts), 32, '0') AS post_id,
       (s % 10 < 3) AS open
FROM (SELECT k,
             CASE WHEN k < :triple * 3 THEN k / 3 ELSE :triple + (k - :triple * 3) END AS s,
             CASE WHEN k < :triple * 3 THEN k % 3 ELSE 0 END AS j
      FROM generate_series(0, :flags - 1) k) z;
INSERT INTO flags (id, post_id, course_id, cohort_id, reporter_id, reason, note, status, open_key, created_at, resolved_at)
SELECT 'flg_' || lpad(to_hex(fl.k), 32, '0'), fl.post_id, :'course', p.cohort_id, rep.id,
       (ARRAY['offensive','harassment','hate','spam','off_topic','privacy','self_harm','other'])[1 + (fl.k * 7) % 8],
       NULL, CASE WHEN fl.open THEN 'open' ELSE 'resolved' END,
       CASE WHEN fl.open THEN fl.post_id || ':' || rep.id END,
       p.created_at + (fl.j + 1) * interval '1 hour',
       CASE WHEN fl.open THEN NULL ELSE p.created_at + interval '1 day' END
FROM fl JOIN posts p ON p.id = fl.post_id
CROSS JOIN LATERAL (SELECT 'mem_' || lpad(to_hex(
    ('x' || substr(p.cohort_id, 21))::bit(64)::bigint * 10
    + (('x' || substr(p.author_id, 21))::bit(64)::bigint % 10 + 1 + fl.j) % 10), 32, '0') AS id) rep;

\echo == flagged posts: open_flags, queued_at, hidden
-- flagged posts: open flag counts, queued since the first open flag, hidden at 3 (threshold)
UPDATE posts p SET open_flags = s.cnt,
       queued_at = coalesce(p.queued_at, s.first),
       state = CASE WHEN s.cnt >= 3 AND p.state = 'visible' THEN 'hidden' ELSE p.state END
FROM (SELECT post_id, count(*) AS cnt, min(created_at) AS first FROM flags
      WHERE status = 'open' AND course_id = :'course' GROUP BY post_id) s
WHERE p.id = s.post_id;

\echo == roots: reply_count, last_activity_at
-- roots: reply_count and last activity from their visible replies (after the flag hiding)
UPDATE posts p SET reply_count = s.cnt, last_activity_at = greatest(p.last_activity_at, s.last)
FROM (SELECT root_id, count(*) AS cnt, max(created_at) AS last FROM posts
      WHERE depth = 1 AND state = 'visible' GROUP BY root_id) s
WHERE p.id = s.root_id;

\echo == recreate indexes, then VACUUM ANALYZE
SELECT indexdef FROM saved_ix \gexec
VACUUM ANALYZE;
