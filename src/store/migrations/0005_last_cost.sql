-- The cost of an item's last receipt (or opening balance) is kept on the item,
-- moved in the same transaction as its stock, as on_hand is. Sales and returns
-- are costed at it; looking it up in the ledger walked back through every sale
-- of the item since its last receipt, on every line of every order.
ALTER TABLE titles ADD COLUMN last_cost_fen INTEGER NOT NULL DEFAULT 0;

UPDATE titles SET last_cost_fen = coalesce((
    SELECT m.unit_cost_fen FROM stock_movements m
    WHERE m.title_id = titles.id AND m.kind IN ('receipt', 'opening') AND m.quantity > 0
    ORDER BY m.id DESC LIMIT 1), 0);

-- Sales and returns have no stock document; leaving their NULLs out of this
-- index saves a write per line of every order.
DROP INDEX stock_movements_document;
CREATE INDEX stock_movements_document ON stock_movements (document_id) WHERE document_id IS NOT NULL;
