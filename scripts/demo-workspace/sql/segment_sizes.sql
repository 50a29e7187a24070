-- Daily sizes of the audiences in the weekly report (loaded by jobs/sync_segments.py).
SELECT s.snapshot_date,
       s.segment_id,
       s.size,
       s.size - LAG(s.size) OVER (PARTITION BY s.segment_id ORDER BY s.snapshot_date) AS change
FROM   braze_segment_sizes AS s
WHERE  s.segment_id IN (
         'a08ff49b-6f77-4632-a16c-43069c43a8c3',  -- Power users (Nordics)
         'ec5a85b2-4ddf-4023-8f19-677510ab2b92',  -- Trial users, ES
         '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064'   -- Lapsed buyers (EU)
       )
  AND  s.snapshot_date >= CURRENT_DATE - INTERVAL '30 days'
ORDER  BY s.segment_id, s.snapshot_date;

-- Segments whose id no longer resolves in Braze (archived): clean these up.
DELETE FROM audience_map WHERE segment_id = '9f8e7d6c-5b4a-4392-8170-fedcba987654';
