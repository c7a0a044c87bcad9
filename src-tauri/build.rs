fn main() {
    // Declaring the app's commands makes each one a permission, so the capability
    // file can allow exactly the commands the UI uses and nothing else.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_status",
            "set_language",
            "customers_list",
            "customer_get",
            "customer_create",
            "customer_update",
            "customer_archive",
            "customer_restore",
            "demo_load",
            "set_allow_negative_stock",
            "stock_list",
            "stock_facets",
            "stock_value",
            "stock_item",
            "title_scan",
            "title_create",
            "title_update",
            "suppliers_list",
            "supplier_create",
            "stock_receive",
            "stock_return",
            "stock_stocktake",
            "stock_reverse",
            "stock_document",
            "stock_documents",
            "stock_opening",
            "stock_write_off",
            "supplier_update",
        ]),
    ))
    .expect("tauri build script failed");
}
