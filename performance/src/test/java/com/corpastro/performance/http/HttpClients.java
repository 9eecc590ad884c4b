package com.corpastro.performance.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.github.luben.zstd.ZstdInputStream;

/** A real HTTP client for the tests, and decoders for every content coding. */
public final class HttpClients {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;

    public HttpClients(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** The body decoded from its {@code Content-Encoding}. */
    public static byte[] decode(HttpResponse<byte[]> response) {
        String coding = response.headers().firstValue("Content-Encoding").orElse("identity");
        try {
            return switch (coding) {
                case "identity" -> response.body();
                case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
                case "zstd" -> new ZstdInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
                case "br" -> {
                    Brotli4jLoader.ensureAvailability();
                    DirectDecompress result = Decoder.decompress(response.body());
                    if (result.getResultStatus() != DecoderJNI.Status.DONE) {
                        throw new IllegalStateException("brotli decoding failed: " + result.getResultStatus());
                    }
                    yield result.getDecompressedData();
                }
                default -> throw new IllegalStateException("unexpected coding " + coding);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
