package com.corpastro.backend.business;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.db.BulkResult;
import com.corpastro.performance.error.AppError;

import io.swagger.v3.oas.annotations.Parameter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import of businesses for administrators: a JSON array, or CSV with a header line. The body
 * is read as a stream, row by row, and only after the caller is known to be an admin.
 */
@RestController
class BusinessImportController {

    private static final String PATH = "/api/admin/businesses/import";

    private final BusinessImporter importer;
    private final JsonMapper json;

    BusinessImportController(BusinessImporter importer, JsonMapper json) {
        this.importer = importer;
        this.json = json;
    }

    record ImportResponse(long inserted, long skipped) {

        static ImportResponse of(BulkResult result) {
            return new ImportResponse(result.inserted(), result.skipped());
        }
    }

    @PostMapping(path = PATH, consumes = "application/json")
    ImportResponse importJson(@Parameter(hidden = true) Caller caller, InputStream body) {
        caller.requireAdmin();
        // The application's JsonMapper, so its stream read constraints apply.
        return ImportResponse.of(importer.importRows(ImportRows.readJson(json.createParser(body))));
    }

    @PostMapping(path = PATH, consumes = "text/csv")
    ImportResponse importCsv(@Parameter(hidden = true) Caller caller, InputStream body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType) {
        caller.requireAdmin();
        Charset charset;
        try {
            charset = contentType.getCharset() != null ? contentType.getCharset() : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException unknown) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_csv", "The CSV document's charset '"
                    + Inputs.echo(contentType.getParameter("charset")) + "' is unknown. Nothing was imported.");
        }
        // Bytes that are not text in the charset are an unreadable document (invalid_csv), not replaced.
        InputStreamReader csv = new InputStreamReader(body, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        return ImportResponse.of(importer.importRows(ImportRows.readCsv(csv)));
    }
}
