-- The PostgreSQL floor's transaction (floor-database-postgres.mjs) as a pgbench script: PostgreSQL's own ceiling for
-- the order's durable work on this machine, with no HTTP, no JavaScript and a C client (bench/orders-floor.mjs runs
-- it on the floor's database after the floor, when pgbench is installed). Same statements, same order, stock last.
\set n random(1, 9000000000000000)
BEGIN;
SELECT request_hash, response_status, response_body FROM idempotency_keys
  WHERE scope = 'usr_floor POST /orders' AND key = 'pgbench-' || :n;
SELECT v.id, v.product_id, v.sku, v.price, v.currency, v.stock, p.name
  FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = 'BENCH-A' AND v.active AND p.active;
SELECT v.id, v.product_id, v.sku, v.price, v.currency, v.stock, p.name
  FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = 'BENCH-B' AND v.active AND p.active;
INSERT INTO orders VALUES ('ord_pgb' || :n, 'usr_floor', 'pending', 'EUR', 2250, 0, 0,
  now() + interval '30 minutes', now(), now());
INSERT INTO order_items SELECT 'oit_pgb' || :n || '_a', 'ord_pgb' || :n, product_id, id, sku, 'Bench product A',
  price, 1, price, 1 FROM variants WHERE sku = 'BENCH-A';
INSERT INTO order_items SELECT 'oit_pgb' || :n || '_b', 'ord_pgb' || :n, product_id, id, sku, 'Bench product B',
  price, 1, price, 1 FROM variants WHERE sku = 'BENCH-B';
INSERT INTO order_status_history VALUES ('osh_pgb' || :n, 'ord_pgb' || :n, NULL, 'pending', NULL, now());
INSERT INTO events VALUES ('evt_pgb' || :n, 'order.created', 'ord_pgb' || :n, 'usr_floor',
  ('{"id":"ord_pgb' || :n || '","status":"pending","currency":"EUR","total":2250,"items":[{"sku":"BENCH-A"},{"sku":"BENCH-B"}]}')::jsonb,
  now());
INSERT INTO idempotency_keys VALUES ('idk_pgb' || :n, 'usr_floor POST /orders', 'pgbench-' || :n, repeat('0', 64), 201,
  repeat('x', 600), now(), now() + interval '1 day');
UPDATE variants SET stock = stock - 1, updated_at = now() WHERE sku = 'BENCH-A' AND stock IS NOT NULL AND stock >= 1;
UPDATE variants SET stock = stock - 1, updated_at = now() WHERE sku = 'BENCH-B' AND stock IS NOT NULL AND stock >= 1;
COMMIT;
