-- Schema 8: a customer return says per line whether the copies are saleable or
-- damaged, and a purchase receipt keeps the supplier's invoice.

-- Until now a return was damaged or saleable as a whole; each line takes its
-- return's flag, and new returns set it line by line. The return's own flag
-- stays: it says whether every line was damaged.
ALTER TABLE customer_return_lines ADD COLUMN damaged INTEGER NOT NULL DEFAULT 0
    CHECK (damaged IN (0, 1));
UPDATE customer_return_lines SET damaged =
    (SELECT r.damaged FROM customer_returns r WHERE r.id = customer_return_lines.return_id);

-- The supplier's invoice (发票) a receipt was booked from: its number as printed
-- and its date; blank and NULL when the receipt has none.
ALTER TABLE stock_documents ADD COLUMN supplier_invoice TEXT NOT NULL DEFAULT '';
ALTER TABLE stock_documents ADD COLUMN supplier_invoice_date TEXT;
CREATE INDEX stock_documents_supplier ON stock_documents (supplier_id, id) WHERE supplier_id IS NOT NULL;
