package com.corpastro.backend.business;

import java.util.List;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.account.Caller;
import com.corpastro.performance.db.BulkResult;

import io.swagger.v3.oas.annotations.Parameter;

/** Bulk import of businesses for administrators: a JSON array, or CSV with a header line. */
@RestController
class BusinessImportController {

    private static final String PATH = "/api/admin/businesses/import";

    private final BusinessImporter importer;

    BusinessImportController(BusinessImporter importer) {
        this.importer = importer;
    }

    record ImportResponse(long inserted, long skipped) {

        static ImportResponse of(BulkResult result) {
            return new ImportResponse(result.inserted(), result.skipped());
        }
    }

    @PostMapping(path = PATH, consumes = "application/json")
    ImportResponse importJson(@Parameter(hidden = true) Caller caller, @RequestBody List<ImportRow> rows) {
        caller.requireAdmin();
        return ImportResponse.of(importer.importRows(rows));
    }

    @PostMapping(path = PATH, consumes = "text/csv")
    ImportResponse importCsv(@Parameter(hidden = true) Caller caller, @RequestBody String csv) {
        caller.requireAdmin();
        return ImportResponse.of(importer.importRows(BusinessImporter.parseCsv(csv)));
    }
}
