import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes the service allocates per request for one URL read by 4 threads: the JVM's jvm.gc.memory.allocated
 * (actuator, admin token) between two forced GCs (jcmd GC.run), divided by the requests. Run by
 * allocation-per-read.sh: args base path token adminToken acceptEncoding warmUpRequests measuredRequests pid.
 */
public class AllocationPerRead {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String base = args[0], path = args[1], token = args[2], admin = args[3], coding = args[4];
        int warm = Integer.parseInt(args[5]), measured = Integer.parseInt(args[6]);
        String pid = args[7];
        run(base + path, token, coding, warm);
        gc(pid);
        double before = allocated(base, admin);
        long t0 = System.nanoTime();
        run(base + path, token, coding, measured);
        long ns = System.nanoTime() - t0;
        // A GC so the allocation counter (updated at each GC) covers exactly the measured requests.
        gc(pid);
        double after = allocated(base, admin);
        System.out.printf("path=%s coding=%s requests=%d bytesPerRequest=%.0f reqPerSec=%.0f%n", path, coding, measured,
                (after - before) / measured, measured / (ns / 1e9));
    }

    static void run(String url, String token, String coding, int n) throws Exception {
        AtomicLong left = new AtomicLong(n);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                            .header("Accept-Encoding", coding).build();
                    while (left.decrementAndGet() >= 0) {
                        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) throw new IllegalStateException("status " + r.statusCode());
                    }
                    return null;
                });
            }
        }
    }

    static void gc(String pid) throws Exception {
        new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
        Thread.sleep(500);
    }

    static double allocated(String base, String admin) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/jvm.gc.memory.allocated"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"value\":([0-9.E+]+)").matcher(body);
        if (!m.find()) throw new IllegalStateException(body);
        return Double.parseDouble(m.group(1));
    }
}
