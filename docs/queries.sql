-- Example questions over OUT/warehouse.duckdb (pipeline warehouse OUT).
-- Run one with:  duckdb out/warehouse.duckdb < docs/queries.sql   (tests/output/test_warehouse.py runs each)

-- name: metrics_moved_between_last_two_reports
-- Which metrics got better or worse between the last two reports of each organisation and
-- committee: a higher or lower status (achieved > partially_achieved > not_achieved), or a trend
-- that turned to improving or worsening. Worse first.
WITH ranked AS (
    SELECT report_id, organisation, committee,
           dense_rank() OVER (PARTITION BY organisation, committee ORDER BY period_end DESC) AS k
    FROM reports
), h AS (
    SELECT h.*, r.k,
           CASE h.status WHEN 'achieved' THEN 3 WHEN 'partially_achieved' THEN 2
                         WHEN 'not_achieved' THEN 1 END AS status_rank
    FROM metric_history h JOIN ranked r USING (report_id)
    WHERE r.k <= 2
), moved AS (
    SELECT new.organisation, new.committee, new.success_factor, new.metric,
           old.status AS old_status, new.status AS new_status,
           old.trend AS old_trend, new.trend AS new_trend,
           old.report_id AS from_report_id, new.report_id AS to_report_id,
           CASE WHEN new.status_rank < old.status_rank
                  OR (new.trend = 'worsening' AND old.trend IS DISTINCT FROM 'worsening') THEN 'worse'
                WHEN new.status_rank > old.status_rank
                  OR (new.trend = 'improving' AND old.trend IS DISTINCT FROM 'improving') THEN 'better'
           END AS direction
    FROM h AS new
    JOIN h AS old ON old.metric_key = new.metric_key AND old.organisation = new.organisation
                 AND old.committee = new.committee AND old.k = 2 AND new.k = 1
)
SELECT direction, organisation, committee, success_factor, metric, old_status, new_status,
       old_trend, new_trend, from_report_id, to_report_id
FROM moved WHERE direction IS NOT NULL
ORDER BY direction DESC, organisation, committee, success_factor, metric;

-- name: goal_status_over_time
-- The status of every strategic goal over time, one row per goal and report.
SELECT organisation, committee, perspective, strategic_goal, period_end, report_id,
       status, status_symbol, status_source
FROM goal_history
ORDER BY organisation, committee, perspective, strategic_goal, period_end;

-- name: stated_numbers_for_one_metric
-- The numbers the narrative states for one metric, in every report (set the key first:
-- SET VARIABLE metric_key = 'run.starka-hallbara-innovationsmiljo.antal-foretagsbesok.xxxxxxxx';
-- keys are in metric_keys, metric_history or latest_status).
SELECT r.period_end, f.report_id, f.raw, f.value, f.unit, f.qualifier, f.gender, f.sentence
FROM facts f JOIN reports r USING (report_id)
WHERE f.metric_key = getvariable('metric_key')
ORDER BY r.period_end, f.char_start;
