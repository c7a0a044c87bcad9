-- Tags became search keys (kind 7) after files with tagged customers existed:
-- index the tags of every customer saved before, as saving them today would.
-- A key the customer already has (its name, say) is not added twice, which is
-- what saving does too; files made since already have their tag keys.
INSERT INTO customer_keys (customer_id, kind, key)
SELECT DISTINCT c.id, 7, k.value
FROM customers c, json_each(folio_tag_keys(c.tags)) k
WHERE c.tags <> '[]'
  AND NOT EXISTS (
      SELECT 1 FROM customer_keys x WHERE x.customer_id = c.id AND x.key = k.value
  );
