package dev.pkixj.spark;

import dev.pkixj.batch.CtEntry;
import dev.pkixj.batch.CtRun;
import dev.pkixj.batch.DerInterner;
import dev.pkixj.batch.FastTime;
import dev.pkixj.batch.InputReader;
import dev.pkixj.batch.MalformedRecordException;
import dev.pkixj.batch.ParsedRecord;
import dev.pkixj.batch.RecordParser;
import dev.pkixj.batch.RecordResult;
import dev.pkixj.batch.RecordVerifier;
import dev.pkixj.batch.Roots;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.truststore.SecurityStateLoader;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.ClubcardException;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.policy.RevocationBlocklist;
import dev.pkixj.verifier.policy.TlsPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code pkixj batch} as a Spark 4 job. Reads NDJSON, PEM/DER files or CT {@code get-entries}
 * responses from any Hadoop path (gzip and the other Hadoop codecs included), verifies every
 * chain as Firefox does with one {@link Verifier} per executor JVM (the roots are broadcast
 * once), and writes one row per record (Parquet or JSON) plus the histogram of verdicts per code.
 *
 * <pre>
 * spark-submit --class dev.pkixj.spark.BatchJob pkixj-spark-job.jar \
 *     --roots hdfs:///pki/roots.pem --out hdfs:///pki/results [--format parquet|json] \
 *     [--input-format ndjson|pem|ct] [--host HOST] [--time T]
 *     [--ct auto|enforce|telemetry|off] [--ct-logs LOG_LIST.json]
 *     [--ct-exempt-host HOST]... [--ct-exempt-spki BASE64]...
 *     [--crlite PATH]... [--crlite-mode off|telemetry|enforce]
 *     [--state-dir DIR] [--no-preloaded-intermediates] [--no-onecrl] [--partitions N] INPUT...
 * </pre>
 *
 * Rows have the command line's result fields: {@code id, line, offset, verdict, code,
 * nss_code, cert_index, host, chain, issuer, error, entry_type, ct_status, crlite, preloaded,
 * onecrl} ({@code offset}: the
 * byte offset of an NDJSON line in its file, which names a record without an id as {@code
 * FILE@OFFSET}).
 *
 * <p>Certificate Transparency as {@code pkixj batch} applies it ({@link CtRun}; docs/ct.md):
 * {@code --ct} (default auto: enforced under Mozilla's root program), {@code --ct-logs} (a Chrome
 * v3 log list read on the driver like the roots and broadcast; default: the list built into
 * pkixj, since executors have no security-state directory) and the exemptions (repeatable).
 *
 * <p>CRLite as {@code pkixj batch} applies it (docs/crlite.md): {@code --crlite PATH}
 * (repeatable: files or directories, exactly one full filter plus any {@code *.delta}), read and
 * checked on the driver and broadcast as bytes (executors never read {@code ~/.pkixj}; without
 * {@code --crlite} there are no filters); {@code --crlite-mode} defaults to enforce with filters,
 * else off. No OCSP request is ever made.
 *
 * <p>Firefox's security state as {@code pkixj batch} applies it (docs/security-state.md): {@code
 * --state-dir DIR} names a security-state directory on the driver's local file system, whose
 * preloaded intermediates and OneCRL are read there ({@link SecurityStateLoader}) and broadcast
 * to the executors with the roots; {@code --no-preloaded-intermediates} and {@code --no-onecrl}
 * leave either out. Without {@code --state-dir} nothing is read (as for CRLite filters: the
 * driver's {@code ~/.pkixj} is not the executors', and a job's verdicts should not depend on the
 * machine it was submitted from), so the job matches {@code pkixj batch --state-dir DIR} given
 * the same directory. A damaged store is one warning line and the run goes on without it, as in
 * {@code pkixj batch}; {@code --state-dir} naming a file, or a path on another file system than
 * the driver's local one, is an error. Each row has {@code preloaded} (a preloaded intermediate
 * completed the chain) and {@code onecrl} (the id of the OneCRL entry that refused it, or null),
 * and the histogram counts both.
 *
 * <p>Spreading the work ({@link #spread}): what one task reads cannot be split further (a gzip
 * file, the files {@code binaryFiles} packs into one split), so after reading, the raw records
 * (NDJSON lines, whole PEM/DER files, whole CT responses) are spread round-robin over {@code
 * --partitions N} partitions by one shuffle, and verified there. Without {@code --partitions},
 * N is the cluster's default parallelism and the shuffle happens only when the input was read in
 * fewer partitions than that (uncompressed or bzip2 NDJSON and many files split by themselves);
 * with it, the records are verified in exactly N partitions (one shuffle unless the input was
 * read in exactly N).
 *
 * <p>Errors, as {@code pkixj batch} has them: a malformed record (bad JSON, bad base64, no chain,
 * a file that is neither PEM nor DER, a broken CT entry) is a row with verdict {@code malformed}
 * and the run goes on; an empty input directory is no records. A usage error (an unknown option,
 * an option without its value or given twice, a bad value, no {@code --roots}, {@code --out} or
 * INPUT) or a file the job cannot use (roots missing, empty or without a certificate, an input
 * that does not exist, a truncated gzip stream) prints one line on standard error, {@code pkixj
 * spark: } and what is wrong with which option or file, and exits 1.
 */
public final class BatchJob {
  private BatchJob() {}

  /** The usage line, printed after a usage error that is about what is missing. */
  static final String USAGE = "usage: BatchJob --roots ROOTS.pem --out DIR [--format parquet|json] "
      + "[--input-format ndjson|pem|ct] [--host H] [--time T] [--histogram FILE] "
      + "[--ct auto|enforce|telemetry|off] [--ct-logs FILE] [--ct-exempt-host HOST]... "
      + "[--ct-exempt-spki BASE64]... [--crlite PATH]... [--crlite-mode off|telemetry|enforce] "
      + "[--state-dir DIR] [--no-preloaded-intermediates] [--no-onecrl] [--partitions N] "
      + "INPUT...";

  /**
   * A file the job cannot use: the roots or an input missing, no certificate in the roots, a
   * truncated gzip stream, an unreadable file, a histogram that cannot be written. The message is
   * one line that names the file. Thrown by {@link #run} whether the problem was found on the
   * driver or in a task.
   */
  public static final class FileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FileException(String message) {
      super(oneLine(message), null, false, false);
    }
  }

  /** The job's settings. */
  public record Options(List<String> inputs, String roots, String out, String format,
      String inputFormat, String host, Instant time, String histogram, String ctMode,
      String ctLogs, List<String> ctExemptHosts, List<String> ctExemptSpki, List<String> crlite,
      String crliteMode, Integer partitions, String stateDir, boolean noPreloaded,
      boolean noOneCrl) implements Serializable {

    /** The options without the security-state ones (no state read). */
    public Options(List<String> inputs, String roots, String out, String format,
        String inputFormat, String host, Instant time, String histogram, String ctMode,
        String ctLogs, List<String> ctExemptHosts, List<String> ctExemptSpki,
        List<String> crlite, String crliteMode, Integer partitions) {
      this(inputs, roots, out, format, inputFormat, host, time, histogram, ctMode, ctLogs,
          ctExemptHosts, ctExemptSpki, crlite, crliteMode, partitions, null, false, false);
    }

    /** The options without {@code --partitions} (the cluster's default parallelism). */
    public Options(List<String> inputs, String roots, String out, String format,
        String inputFormat, String host, Instant time, String histogram, String ctMode,
        String ctLogs, List<String> ctExemptHosts, List<String> ctExemptSpki,
        List<String> crlite, String crliteMode) {
      this(inputs, roots, out, format, inputFormat, host, time, histogram, ctMode, ctLogs,
          ctExemptHosts, ctExemptSpki, crlite, crliteMode, null);
    }

    /** The options without CRLite ones (no filters: CRLite off). */
    public Options(List<String> inputs, String roots, String out, String format,
        String inputFormat, String host, Instant time, String histogram, String ctMode,
        String ctLogs, List<String> ctExemptHosts, List<String> ctExemptSpki) {
      this(inputs, roots, out, format, inputFormat, host, time, histogram, ctMode, ctLogs,
          ctExemptHosts, ctExemptSpki, List.of(), null);
    }

    /** The options without CT ones: CT as Firefox applies it (auto, the built-in list). */
    public Options(List<String> inputs, String roots, String out, String format,
        String inputFormat, String host, Instant time, String histogram) {
      this(inputs, roots, out, format, inputFormat, host, time, histogram, null, null,
          List.of(), List.of());
    }

    private static final List<String> WITH_VALUE = List.of("--roots", "--out", "--format",
        "--input-format", "--host", "--time", "--histogram", CtRun.MODE, CtRun.LOGS,
        CtRun.EXEMPT_HOST, CtRun.EXEMPT_SPKI, CRLITE, CRLITE_MODE, PARTITIONS, STATE_DIR);
    /** Options without a value (a flag given twice is a usage error, as a value given twice). */
    private static final List<String> FLAGS = List.of(NO_PRELOADED, NO_ONECRL);
    /** Options that may be given more than once, each adding a value. */
    private static final List<String> REPEATABLE = List.of(CtRun.EXEMPT_HOST, CtRun.EXEMPT_SPKI,
        CRLITE);

    /**
     * Parses the command line (see the class comment).
     *
     * @throws IllegalArgumentException on a usage error, with a one-line message that names the
     *     option (an unknown option, an option without its value or given twice, a bad value, a
     *     missing {@code --roots}, {@code --out} or INPUT)
     */
    public static Options parse(String[] args) {
      List<String> inputs = new ArrayList<>();
      Map<String, String> values = new LinkedHashMap<>();
      java.util.Set<String> flags = new java.util.HashSet<>();
      Map<String, List<String>> repeated = new LinkedHashMap<>();
      REPEATABLE.forEach(k -> repeated.put(k, new ArrayList<>()));
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (WITH_VALUE.contains(a)) {
          if (i + 1 >= args.length || args[i + 1].isEmpty() || WITH_VALUE.contains(args[i + 1])) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          if (REPEATABLE.contains(a)) {
            repeated.get(a).add(args[++i]);
            continue;
          }
          if (values.put(a, args[++i]) != null) {
            throw new IllegalArgumentException(a + " is given twice");
          }
        } else if (FLAGS.contains(a)) {
          if (!flags.add(a)) {
            throw new IllegalArgumentException(a + " is given twice");
          }
        } else if (a.startsWith("-") && !a.equals("-")) {
          throw new IllegalArgumentException("unknown option " + oneLine(a));
        } else if (a.equals("-") || a.isEmpty()) {
          throw new IllegalArgumentException("INPUT '" + a + "': the job reads files, "
              + "directories or globs on a Hadoop file system, not standard input");
        } else {
          inputs.add(a);
        }
      }
      String roots = values.get("--roots");
      String out = values.get("--out");
      if (roots == null) {
        throw new IllegalArgumentException("--roots is required (" + USAGE + ")");
      }
      if (out == null) {
        throw new IllegalArgumentException("--out is required (" + USAGE + ")");
      }
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("no INPUT given (" + USAGE + ")");
      }
      String format = values.getOrDefault("--format", "parquet").toLowerCase(Locale.ROOT);
      if (!format.equals("parquet") && !format.equals("json")) {
        throw new IllegalArgumentException("--format must be parquet or json, not '"
            + oneLine(values.get("--format")) + "'");
      }
      String inputFormat = values.getOrDefault("--input-format", "ndjson")
          .toLowerCase(Locale.ROOT);
      if (!List.of("ndjson", "pem", "ct").contains(inputFormat)) {
        throw new IllegalArgumentException("--input-format must be ndjson, pem or ct, not '"
            + oneLine(values.get("--input-format")) + "'");
      }
      Instant time = null;
      if (values.containsKey("--time")) {
        try {
          time = Instant.ofEpochSecond(FastTime.parse(values.get("--time")));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("--time: " + oneLine(e.getMessage()));
        }
      }
      String histogram = values.get("--histogram");
      String ctMode = values.get(CtRun.MODE);
      List<String> hosts = repeated.get(CtRun.EXEMPT_HOST);
      List<String> spki = repeated.get(CtRun.EXEMPT_SPKI);
      // Checked here, as pkixj batch checks them: a usage error before the job starts.
      if (ctMode != null) {
        CtRun.mode(ctMode);
      }
      hosts.forEach(CtRun::exemptHost);
      spki.forEach(CtRun::exemptSpki);
      String crliteMode = values.get(CRLITE_MODE);
      if (crliteMode != null && CrliteMode.parse(crliteMode) == null) {
        throw new IllegalArgumentException(CRLITE_MODE + " must be off, telemetry or enforce, "
            + "not '" + oneLine(crliteMode) + "'");
      }
      Integer partitions = null;
      if (values.containsKey(PARTITIONS)) {
        String v = values.get(PARTITIONS);
        try {
          partitions = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          partitions = 0;
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
          throw new IllegalArgumentException(PARTITIONS + " must be a whole number from 1 to "
              + MAX_PARTITIONS + ", not '" + oneLine(v) + "'");
        }
      }
      return new Options(List.copyOf(inputs), roots, out, format, inputFormat,
          values.get("--host"), time,
          histogram != null ? histogram : out.replaceAll("/+$", "") + "_histogram.json",
          ctMode, values.get(CtRun.LOGS), List.copyOf(hosts), List.copyOf(spki),
          List.copyOf(repeated.get(CRLITE)), crliteMode, partitions, values.get(STATE_DIR),
          flags.contains(NO_PRELOADED), flags.contains(NO_ONECRL));
    }
  }

  static final String STATE_DIR = "--state-dir";
  static final String NO_PRELOADED = "--no-preloaded-intermediates";
  static final String NO_ONECRL = "--no-onecrl";

  static final String CRLITE = "--crlite";
  static final String CRLITE_MODE = "--crlite-mode";
  static final String PARTITIONS = "--partitions";
  /** The most partitions {@code --partitions} may ask for. */
  static final int MAX_PARTITIONS = 1_000_000;

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType)
      .add("line", DataTypes.LongType)
      .add("offset", DataTypes.LongType)
      .add("verdict", DataTypes.StringType, false)
      .add("code", DataTypes.StringType)
      .add("nss_code", DataTypes.IntegerType)
      .add("cert_index", DataTypes.IntegerType, false)
      .add("host", DataTypes.StringType)
      .add("chain", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("issuer", DataTypes.StringType)
      .add("error", DataTypes.StringType)
      .add("entry_type", DataTypes.StringType)
      .add("ct_status", DataTypes.StringType)
      .add("crlite", DataTypes.StringType)
      .add("preloaded", DataTypes.BooleanType, false)
      .add("onecrl", DataTypes.StringType);

  public static void main(String[] args) {
    int exit = execute(args, () -> SparkSession.builder().appName("pkixj batch").getOrCreate(),
        true, System.out, System.err);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * The command: parses {@code args}, runs the job on the session {@code sessions} gives (asked
   * for only once the arguments are known to be good; stopped at the end when {@code stop}),
   * prints the histogram on {@code out} and returns 0; on a usage or input error prints one line
   * on {@code err} ({@code pkixj spark: ...}) and returns 1, as {@code pkixj batch} does.
   */
  static int execute(String[] args, Supplier<SparkSession> sessions, boolean stop,
      PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("pkixj spark: " + e.getMessage());
      return 1;
    }
    SparkSession spark = sessions.get();
    try {
      out.println(histogramJson(runCounts(spark, o, err)));
      return 0;
    } catch (FileException e) {
      err.println("pkixj spark: " + e.getMessage());
      return 1;
    } catch (Exception e) { // Spark's exceptions are checked ones, thrown through Scala
      // Spark's own log has the stack traces; the user gets what went wrong, on one line.
      err.println("pkixj spark: the job failed: " + innermostMessage(e));
      return 1;
    } finally {
      if (stop) {
        spark.stop();
      }
    }
  }

  /**
   * Runs the job; returns the histogram (verdict code → records; "malformed" for those).
   *
   * @throws FileException when the roots, an input or the histogram file cannot be used (see
   *     there)
   */
  public static Map<String, Long> run(SparkSession spark, Options o) {
    return runCounts(spark, o).codes();
  }

  /**
   * What the job counted: records per code ("malformed" for those) and verified records per
   * Certificate Transparency status and per CRLite answer (their JSON names).
   */
  public record Counts(Map<String, Long> codes, Map<String, Long> ctStatus,
      Map<String, Long> crlite, long preloaded, long oneCrl) {}

  /**
   * {@link #run}, with the counts per CT status, per CRLite answer, of chains a preloaded
   * intermediate completed and of chains OneCRL refused as well; a damaged security-state store
   * is one warning line on standard error.
   */
  public static Counts runCounts(SparkSession spark, Options o) {
    return runCounts(spark, o, System.err);
  }

  /** As above, warnings (a damaged security-state store) going to {@code err}. */
  static Counts runCounts(SparkSession spark, Options o, PrintStream err) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = jsc.hadoopConfiguration();
    ArrayList<byte[]> roots = readRoots(o.roots(), conf);
    byte[] ctLogs = o.ctLogs() == null ? null : readLogList(o.ctLogs(), conf);
    Filters filters = o.crlite().isEmpty() ? null : readFilters(o.crlite(), conf);
    CrliteMode crliteMode = o.crliteMode() != null ? CrliteMode.parse(o.crliteMode())
        : filters != null ? CrliteMode.ENFORCE : CrliteMode.OFF;
    StoredState state = readState(o, err);
    for (String in : o.inputs()) {
      checkInput(in, conf);
    }
    long defaultTime = (o.time() != null ? o.time() : Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .getEpochSecond();
    Broadcast<ArrayList<byte[]>> rootsBc = jsc.broadcast(roots);
    Broadcast<byte[]> logsBc = ctLogs == null ? null : jsc.broadcast(ctLogs);
    // The filters' bytes go to the executors once, as the roots and the log list do.
    Broadcast<ArrayList<byte[]>> filtersBc = filters == null || crliteMode == CrliteMode.OFF
        ? null : jsc.broadcast(filters.files());
    // The security state too (its certificates and entries, rebuilt once per executor and run).
    Broadcast<StoredState> stateBc = state.isEmpty() ? null : jsc.broadcast(state);
    // A new id for every run: the executors' verifier cache is keyed on it.
    Settings settings = new Settings(java.util.UUID.randomUUID().toString(), rootsBc, o.host(),
        defaultTime, o.ctMode(), logsBc,
        o.ctLogs(), new ArrayList<>(o.ctExemptHosts()), new ArrayList<>(o.ctExemptSpki()),
        crliteMode.name(), filtersBc, filters == null ? -1 : filters.updated(), stateBc);
    String paths = String.join(",", o.inputs());

    // Read the raw records, spread them over the partitions (one shuffle, when needed), verify.
    JavaRDD<Raw> read;
    if (o.inputFormat().equals("ndjson")) {
      @SuppressWarnings("unchecked")
      JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>)
          jsc.newAPIHadoopFile(paths, TextInputFormat.class, LongWritable.class, Text.class,
              conf);
      read = lines.mapPartitionsWithInputSplit((split, it) -> ndjsonLines(
          ((FileSplit) split).getPath().toString(), it), true);
    } else {
      read = jsc.binaryFiles(paths).map(f -> new Raw(f._1(), -1, contents(f._1(), f._2())));
    }
    JavaRDD<Raw> spread = spread(read, o.partitions(), jsc.defaultParallelism());
    JavaRDD<Row> rows = switch (o.inputFormat()) {
      case "pem" -> spread.map(r -> certificateFileRow(settings, r.file, r.data));
      case "ct" -> spread.flatMap(r -> ctRows(settings, r.file, r.data));
      default -> spread.mapPartitions(it -> ndjsonRows(settings, it));
    };
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    Map<String, Long> histogram = new LinkedHashMap<>();
    Map<String, Long> ctHistogram = new LinkedHashMap<>();
    Map<String, Long> crliteHistogram = new LinkedHashMap<>();
    long preloaded = 0;
    long listed = 0;
    try {
      if (o.format().equals("json")) {
        df.write().mode(SaveMode.Overwrite).json(o.out());
      } else {
        df.write().mode(SaveMode.Overwrite).parquet(o.out());
      }
      // The schema is given, not inferred: an empty input (an empty directory) has no rows.
      Dataset<Row> written = o.format().equals("json")
          ? spark.read().schema(SCHEMA).json(o.out())
          : spark.read().schema(SCHEMA).parquet(o.out());
      // One pass over the rows for the histograms: counts per (code, CT status, CRLite answer,
      // preloaded, refused by OneCRL), a few hundred combinations at most, summed on the driver.
      Map<String, Long> codes = new java.util.HashMap<>();
      Map<String, Long> ct = new java.util.HashMap<>();
      Map<String, Long> crlite = new java.util.HashMap<>();
      for (Row r : written.groupBy(written.col("code"), written.col("ct_status"),
          written.col("crlite"), written.col("preloaded"),
          written.col("onecrl").isNotNull().as("listed")).count().collectAsList()) {
        long n = r.getLong(5);
        if (r.getBoolean(3)) {
          preloaded += n;
        }
        if (r.getBoolean(4)) {
          listed += n;
        }
        codes.merge(r.isNullAt(0) ? "malformed" : r.getString(0), n, Long::sum);
        if (!r.isNullAt(1)) {
          ct.merge(r.getString(1), n, Long::sum);
        }
        if (!r.isNullAt(2)) {
          crlite.merge(r.getString(2), n, Long::sum);
        }
      }
      byCountDown(codes, histogram);
      byCountDown(ct, ctHistogram);
      byCountDown(crlite, crliteHistogram);
    } catch (Exception e) { // Spark's exceptions are checked ones, thrown through Scala
      // A task's input error reaches the driver wrapped in Spark's exceptions: unwrap it.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof FileException) {
          throw new FileException(t.getMessage());
        }
      }
      throw e;
    }
    Counts counts = new Counts(histogram, ctHistogram, crliteHistogram, preloaded, listed);
    writeText(o.histogram(), histogramJson(counts) + "\n", conf);
    return counts;
  }

  /** Puts {@code counts} into {@code into}, the largest count first (then by name). */
  private static void byCountDown(Map<String, Long> counts, Map<String, Long> into) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
        .thenComparing(Map.Entry.comparingByKey())).forEach(e -> into.put(e.getKey(),
            e.getValue()));
  }

  /**
   * The {@code --ct-logs} list's bytes, read on the driver and checked there (then broadcast).
   *
   * @throws FileException naming the file when it is missing, a directory, too large or not a
   *     log list
   */
  static byte[] readLogList(String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new FileException(CtRun.LOGS + ": " + path + ": no such file");
      }
      if (fs.getFileStatus(p).isDirectory()) {
        throw new FileException(CtRun.LOGS + ": " + path + ": is a directory, not a log list");
      }
      byte[] data;
      try (InputStream in = fs.open(p)) {
        data = in.readNBytes(dev.pkixj.verifier.ct.ChromeLogList.MAX_BYTES + 1);
      }
      CtRun.logList(data, path); // checked on the driver: one line naming the file
      return data;
    } catch (IOException e) {
      throw new FileException(CtRun.LOGS + ": " + path + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new FileException(CtRun.LOGS + ": " + e.getMessage());
    }
  }

  /**
   * The {@code --crlite} filters: the full filter's bytes first, then the deltas' (in name
   * order), and the newest file's modification time (epoch milliseconds; freshness counts from
   * it, as for {@code pkixj verify --crlite}).
   */
  record Filters(ArrayList<byte[]> files, long updated) {}

  /**
   * Reads the {@code --crlite} files on the driver (files, or directories of them: exactly one
   * full filter plus any {@code *.delta}) and checks that each parses.
   *
   * @throws FileException naming the file or the paths given
   */
  static Filters readFilters(List<String> paths, Configuration conf) {
    List<FileStatus> files = new ArrayList<>();
    try {
      for (String path : paths) {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
          throw new FileException(CRLITE + ": " + path + ": no such file or directory");
        }
        if (fs.getFileStatus(p).isDirectory()) {
          List<FileStatus> in = new ArrayList<>();
          for (FileStatus f : fs.listStatus(p)) {
            if (f.isFile() && !f.getPath().getName().startsWith(".")) {
              in.add(f);
            }
          }
          in.sort(java.util.Comparator.comparing(f -> f.getPath().getName()));
          files.addAll(in);
        } else {
          files.add(fs.getFileStatus(p));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new FileException(CRLITE + ": " + oneLine(e.getMessage()));
    }
    List<FileStatus> full = new ArrayList<>();
    List<FileStatus> deltas = new ArrayList<>();
    long newest = Long.MIN_VALUE;
    for (FileStatus f : files) {
      (f.getPath().getName().endsWith(".delta") ? deltas : full).add(f);
      newest = Math.max(newest, f.getModificationTime());
    }
    if (full.size() != 1) {
      throw new FileException(CRLITE + " " + String.join(", ", paths) + ": expected exactly one "
          + "full filter (a file not named *.delta), found " + full.size());
    }
    ArrayList<byte[]> bytes = new ArrayList<>();
    List<FileStatus> ordered = new ArrayList<>(full);
    ordered.addAll(deltas);
    for (FileStatus f : ordered) {
      String name = f.getPath().toString();
      try (InputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
        // At most one byte more than a filter may have: parse then names the file as too large.
        byte[] data = in.readNBytes(Clubcard.MAX_FILE_BYTES + 1);
        Clubcard.parse(data, name); // checked on the driver: one line naming the file
        bytes.add(data);
      } catch (IOException e) {
        throw new FileException(CRLITE + ": " + name + ": " + oneLine(e.getMessage()));
      } catch (ClubcardException e) {
        throw new FileException(oneLine(e.getMessage()));
      }
    }
    return new Filters(bytes, newest);
  }

  /**
   * The security state {@code --state-dir} names (nothing without it, or with both {@code --no-*}
   * flags), read on the driver through {@link SecurityStateLoader} as {@code pkixj batch} reads
   * it; each warning (a damaged store, left out) is one line on {@code err}.
   *
   * @throws FileException when {@code --state-dir} names a file, or a path on a file system
   *     other than the driver's local one (a directory that does not exist holds nothing, as for
   *     {@code pkixj batch})
   */
  static StoredState readState(Options o, PrintStream err) {
    if (o.stateDir() == null) {
      return StoredState.NONE;
    }
    java.nio.file.Path dir;
    String given = o.stateDir();
    try {
      if (given.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
        java.net.URI uri = new java.net.URI(given);
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
          throw new FileException(STATE_DIR + " " + given + ": a directory on the driver's "
              + "local file system, not a " + uri.getScheme() + " path");
        }
        dir = java.nio.file.Path.of(uri);
      } else {
        dir = java.nio.file.Path.of(given);
      }
    } catch (java.net.URISyntaxException | IllegalArgumentException
        | java.nio.file.FileSystemNotFoundException e) {
      throw new FileException(STATE_DIR + " " + given + ": " + oneLine(e.getMessage()));
    }
    if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
      throw new FileException(STATE_DIR + " " + given + ": not a directory");
    }
    if (o.noPreloaded() && o.noOneCrl()) {
      return StoredState.NONE;
    }
    SecurityStateLoader.Loaded l = SecurityStateLoader.load(dir, !o.noPreloaded(),
        !o.noOneCrl());
    for (String w : l.warnings()) {
      err.println("pkixj spark: " + oneLine(w));
    }
    return StoredState.of(l.intermediates(), l.oneCrl());
  }

  /**
   * The stored security state as the executors get it: the preloaded intermediates (their DER
   * and where they came from) and the OneCRL entries, plain data that is broadcast and rebuilt
   * into {@link PreloadedIntermediates} and {@link OneCrl} once per executor and run.
   */
  static final class StoredState implements Serializable {
    private static final long serialVersionUID = 1L;
    static final StoredState NONE = new StoredState(new ArrayList<>(), new ArrayList<>());

    record Preloaded(byte[] der, String recordId, long lastModified, String origin)
        implements Serializable {}

    record Listed(String id, long lastModified, OneCrl.Kind kind, byte[] name, byte[] value,
        String bug, String who, String why, String detailsName, String created)
        implements Serializable {}

    final ArrayList<Preloaded> preloaded;
    final ArrayList<Listed> oneCrl;

    private StoredState(ArrayList<Preloaded> preloaded, ArrayList<Listed> oneCrl) {
      this.preloaded = preloaded;
      this.oneCrl = oneCrl;
    }

    static StoredState of(PreloadedIntermediates intermediates, OneCrl crl) {
      ArrayList<Preloaded> pre = new ArrayList<>();
      for (PreloadedIntermediates.Entry e : intermediates.entries()) {
        pre.add(new Preloaded(e.cert().der(), e.recordId(), e.lastModified(), e.origin()));
      }
      ArrayList<Listed> listed = new ArrayList<>();
      for (OneCrl.Entry e : crl.entries()) {
        OneCrl.Details d = e.details();
        listed.add(new Listed(e.id(), e.lastModified(), e.kind(), e.name(), e.value(), d.bug(),
            d.who(), d.why(), d.name(), d.created()));
      }
      return new StoredState(pre, listed);
    }

    boolean isEmpty() {
      return preloaded.isEmpty() && oneCrl.isEmpty();
    }

    PreloadedIntermediates intermediates() {
      List<PreloadedIntermediates.Entry> entries = new ArrayList<>(preloaded.size());
      for (Preloaded p : preloaded) {
        try {
          entries.add(new PreloadedIntermediates.Entry(Cert.of(p.der()), p.recordId(),
              p.lastModified(), p.origin()));
        } catch (PkixException e) { // parsed from the store on the driver already
          throw new FileException(STATE_DIR + ": a preloaded intermediate: "
              + oneLine(e.getMessage()));
        }
      }
      return PreloadedIntermediates.of(entries);
    }

    OneCrl oneCrl() {
      List<OneCrl.Entry> entries = new ArrayList<>(oneCrl.size());
      for (Listed l : oneCrl) {
        entries.add(new OneCrl.Entry(l.id(), l.lastModified(), l.kind(), l.name(), l.value(),
            new OneCrl.Details(l.bug(), l.who(), l.why(), l.detailsName(), l.created())));
      }
      return OneCrl.of(entries);
    }
  }

  /** An input must name something that exists: a file, a directory or a glob that matches. */
  static void checkInput(String in, Configuration conf) {
    try {
      Path p = new Path(in);
      FileStatus[] matches = p.getFileSystem(conf).globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new FileException(in + ": no such file or directory");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new FileException(in + ": " + e.getMessage());
    }
  }

  private static String innermostMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return oneLine(t.getMessage() != null ? t.getMessage() : "no message");
  }

  /** The first line of a message (Spark's and Jackson's messages run over several). */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /**
   * What each task needs: the run's id (made on the driver for each run: executor JVMs keep
   * their verifier per run, and broadcast ids start again at 0 in every new SparkContext, so they
   * cannot name a run), the broadcast roots, the defaults and the CT options (the log list
   * broadcast as the bytes of its file, or null for the built-in list) and CRLite's (the mode's
   * name, the filters' bytes broadcast, or null, and their update time) and the stored security
   * state (broadcast, or null when there is none).
   */
  record Settings(String runId, Broadcast<ArrayList<byte[]>> roots, String host, long time,
      String ctMode,
      Broadcast<byte[]> ctLogs, String ctLogsName, ArrayList<String> ctExemptHosts,
      ArrayList<String> ctExemptSpki, String crliteMode, Broadcast<ArrayList<byte[]>> crlite,
      long crliteUpdated, Broadcast<StoredState> state) implements Serializable {

    /**
     * The run's verifier, as {@code pkixj batch} builds it: the roots as built-in anchors, the
     * preloaded intermediates offered as issuers, CRLite when it is on (from the broadcast bytes,
     * parsed once per executor and run), OneCRL as the blocklist, the CT settings; never any
     * OCSP.
     */
    RecordVerifier recordVerifier() {
      StoredState stored = state == null ? StoredState.NONE : state.value();
      PreloadedIntermediates pre = stored.intermediates();
      CrliteMode m = CrliteMode.valueOf(crliteMode);
      TrustStore store = null;
      TrustDomainFactory domains;
      if (m == CrliteMode.OFF && pre.isEmpty()) {
        domains = Verifier.withRoots(roots.value()).trustDomains();
      } else {
        List<TrustEntry> anchors = new ArrayList<>();
        for (byte[] der : roots.value()) {
          anchors.add(new TrustEntry(der, Trust.ANCHOR, null, "", Source.FILE));
        }
        store = TrustStore.ofBuiltIns(anchors);
        if (!pre.isEmpty()) {
          store = store.withPreloaded(pre);
        }
        domains = store.trustDomains(m == CrliteMode.OFF ? RevocationConfig.off()
            : RevocationConfig.off().withCrlite(m, filters()));
      }
      Verifier v = new Verifier(domains).withPolicy(TlsPolicy.builder()
          .blocklist(RevocationBlocklist.of(stored.oneCrl())).build()).withCt(ct());
      return new RecordVerifier(v, host, time, store);
    }

    /** The CRLite filters from the broadcast bytes ({@link CrliteFilters#NONE} without). */
    private CrliteFilters filters() {
      CrliteFilters filters = CrliteFilters.NONE;
      if (crlite != null) {
        List<byte[]> files = crlite.value();
        try {
          List<Clubcard> deltas = new ArrayList<>();
          for (int i = 1; i < files.size(); i++) {
            deltas.add(Clubcard.parse(files.get(i), CRLITE + " delta " + i));
          }
          filters = CrliteFilters.of(Clubcard.parse(files.get(0), CRLITE + " full filter"),
              deltas, crliteUpdated);
        } catch (ClubcardException e) {
          throw new FileException(e.getMessage()); // parsed on the driver already
        }
      }
      return filters;
    }

    /** The run's CT settings, as {@code pkixj batch} builds them ({@link CtRun}). */
    CtSettings ct() {
      CtLogList logs = ctLogs == null ? null : CtRun.logList(ctLogs.value(), ctLogsName);
      return CtRun.settings(CtSettings.firefox(), ctMode, logs, ctExemptHosts, ctExemptSpki);
    }

  }

  /**
   * One verifier per run in each executor JVM, found by the run's id. A long-lived JVM (local
   * mode, a notebook, a service running several jobs) keeps those of at most {@value
   * #MAX_RUNS} runs: a new run beyond that drops the others (tasks still running hold theirs).
   */
  private static final Map<String, RecordVerifier> VERIFIERS = new ConcurrentHashMap<>();
  static final int MAX_RUNS = 4;
  private static final DerInterner BASE64 = new DerInterner(16384);
  private static final DerInterner DER = new DerInterner(16384);

  static RecordVerifier verifier(Settings s) {
    RecordVerifier v = VERIFIERS.get(s.runId());
    if (v != null) {
      return v;
    }
    synchronized (VERIFIERS) { // only when a run is first seen in this JVM
      v = VERIFIERS.get(s.runId());
      if (v == null) {
        if (VERIFIERS.size() >= MAX_RUNS) {
          VERIFIERS.clear();
        }
        v = s.recordVerifier();
        VERIFIERS.put(s.runId(), v);
      }
    }
    return v;
  }

  /** How many runs' verifiers this JVM holds (for tests). */
  static int cachedRuns() {
    return VERIFIERS.size();
  }

  /**
   * A raw record as read, before it is verified: an NDJSON line (its file and byte offset) or a
   * whole PEM/DER file or CT response, gunzipped (its path; offset -1). What the shuffle of
   * {@link #spread} moves.
   */
  static final class Raw implements Serializable {
    private static final long serialVersionUID = 1L;
    final String file;
    final long offset;
    final byte[] data;

    Raw(String file, long offset, byte[] data) {
      this.file = file;
      this.offset = offset;
      this.data = data;
    }
  }

  /**
   * The partitions records are verified in: {@code partitions} when given (one shuffle unless
   * the input was read in exactly that many), else at least {@code defaultParallelism} (one
   * shuffle only when the input was read in fewer). A shuffle spreads the raw records
   * round-robin.
   */
  static JavaRDD<Raw> spread(JavaRDD<Raw> read, Integer partitions, int defaultParallelism) {
    int n = read.getNumPartitions();
    if (partitions == null) {
      return n < defaultParallelism ? read.repartition(defaultParallelism) : read;
    }
    return n == partitions ? read : read.repartition(partitions);
  }

  /** The non-blank lines of one input split, copied (Hadoop reuses its {@link Text}). */
  static Iterator<Raw> ndjsonLines(String file, Iterator<scala.Tuple2<LongWritable, Text>> lines) {
    return new Iterator<>() {
      private Raw next;

      @Override
      public boolean hasNext() {
        while (next == null && more()) {
          scala.Tuple2<LongWritable, Text> l = lines.next();
          Text t = l._2();
          if (!isBlank(t.getBytes(), t.getLength())) {
            next = new Raw(file, l._1().get(), java.util.Arrays.copyOf(t.getBytes(),
                t.getLength()));
          }
        }
        return next != null;
      }

      /** Whether the file has another line; a read error (a truncated gzip stream) names it. */
      private boolean more() {
        try {
          return lines.hasNext();
        } catch (Exception e) { // Hadoop's IOException, thrown through Scala's iterator
          throw new FileException(file + ": " + e.getMessage());
        }
      }

      @Override
      public Raw next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Raw r = next;
        next = null;
        return r;
      }
    };
  }

  /** The rows of NDJSON lines: one per line, a record without an id named FILE@OFFSET. */
  static Iterator<Row> ndjsonRows(Settings s, Iterator<Raw> lines) {
    RecordVerifier v = verifier(s);
    RecordParser parser = new RecordParser(BASE64);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Row next() {
        Raw l = lines.next();
        String fallback = l.file + "@" + l.offset;
        RecordResult r;
        try {
          ParsedRecord p = parser.parse(l.data, 0, l.data.length);
          r = v.verify(p, fallback, -1);
        } catch (MalformedRecordException e) {
          r = RecordResult.malformed(fallback, -1, fallback + ": " + e.getMessage());
        }
        return row(r, l.offset);
      }
    };
  }

  static Row certificateFileRow(Settings s, String path, byte[] data) {
    ParsedRecord chain;
    try {
      chain = InputReader.chainFile(data, DER);
    } catch (MalformedRecordException e) {
      return row(RecordResult.malformed(path, -1, path + ": " + e.getMessage()), null);
    }
    return row(verifier(s).verify(chain, path, -1), null);
  }

  /**
   * A whole file, gunzipped when it starts with gzip's magic bytes.
   *
   * @throws FileException naming the file when it cannot be read (a truncated gzip stream)
   */
  static byte[] contents(String path, PortableDataStream stream) {
    try {
      byte[] data = stream.toArray();
      if (data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
        try (InputStream in = new java.util.zip.GZIPInputStream(
            new java.io.ByteArrayInputStream(data))) {
          return in.readAllBytes();
        }
      }
      return data;
    } catch (IOException | RuntimeException e) {
      throw new FileException(path + ": " + e.getMessage());
    }
  }

  static Iterator<Row> ctRows(Settings s, String path, byte[] data) {
    RecordVerifier v = verifier(s);
    List<Row> out = new ArrayList<>();
    for (CtEntry.Decoded d : CtEntry.readResponse(data, DER::intern)) {
      // An entry is PATH#INDEX; a file that is no get-entries response at all is PATH.
      String id = d.index() >= 0 ? path + "#" + d.index() : path;
      out.add(row(d.record() == null
          ? RecordResult.malformed(id, d.index(), id + ": " + oneLine(d.error()))
          : v.verify(d.record(), id, d.index()), null));
    }
    return out.iterator();
  }

  static Row row(RecordResult r, Long offset) {
    return RowFactory.create(r.id(), r.line() >= 0 ? r.line() : null, offset,
        r.verdict().name().toLowerCase(Locale.ROOT), r.code(),
        r.result() == null ? null : r.result().nssCode(), r.certIndex(), r.host(),
        r.chain().toArray(new String[0]), r.issuer(), r.error(), r.entryType(),
        r.ctStatusName(), r.crliteName(), r.preloaded(), r.oneCrl());
  }

  private static boolean isBlank(byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
        return false;
      }
    }
    return true;
  }

  /**
   * The trust anchors: the certificates of a PEM bundle or one DER certificate, read as the trust
   * store reads a roots file ({@link Roots}).
   *
   * @throws FileException naming the file when it is missing, unreadable, a directory, empty, bad
   *     PEM or holds no certificate
   */
  static ArrayList<byte[]> readRoots(String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new FileException(path + ": no such file");
      }
      if (fs.getFileStatus(p).isDirectory()) {
        throw new FileException(path + ": is a directory, not a roots file");
      }
      byte[] data;
      try (InputStream in = fs.open(p)) {
        data = in.readAllBytes();
      }
      return new ArrayList<>(Roots.anchors(data, path));
    } catch (IOException | IllegalArgumentException e) {
      throw new FileException(path + ": " + e.getMessage());
    } catch (Roots.RootsException e) {
      throw new FileException(e.getMessage());
    }
  }

  /**
   * {@link #histogramJson(Map)} with the counts per CT status under {@code "ct_status"} and per
   * CRLite answer under {@code "crlite"}, then the records a preloaded intermediate completed
   * ({@code "preloaded"}) and OneCRL refused ({@code "onecrl"}), as {@code pkixj batch}'s summary
   * counts them.
   */
  static String histogramJson(Counts counts) {
    String codes = histogramJson(counts.codes());
    StringBuilder sb = new StringBuilder(codes.substring(0, codes.length() - 1))
        .append(",\"ct_status\":{");
    boolean first = true;
    for (dev.pkixj.verifier.ct.CtStatus st : dev.pkixj.verifier.ct.CtStatus.values()) {
      sb.append(first ? "" : ",").append('"').append(st.jsonName()).append("\":")
          .append(counts.ctStatus().getOrDefault(st.jsonName(), 0L));
      first = false;
    }
    sb.append("},\"crlite\":{");
    first = true;
    for (RevocationInfo.Crlite c : RevocationInfo.Crlite.values()) {
      sb.append(first ? "" : ",").append('"').append(c.jsonName()).append("\":")
          .append(counts.crlite().getOrDefault(c.jsonName(), 0L));
      first = false;
    }
    return sb.append("},\"preloaded\":").append(counts.preloaded()).append(",\"onecrl\":")
        .append(counts.oneCrl()).append('}').toString();
  }

  static String histogramJson(Map<String, Long> histogram) {
    long records = histogram.values().stream().mapToLong(Long::longValue).sum();
    long valid = histogram.getOrDefault("Success", 0L);
    long malformed = histogram.getOrDefault("malformed", 0L);
    StringBuilder sb = new StringBuilder();
    sb.append("{\"records\":").append(records).append(",\"valid\":").append(valid)
        .append(",\"invalid\":").append(records - valid - malformed).append(",\"malformed\":")
        .append(malformed).append(",\"codes\":{");
    boolean first = true;
    for (Map.Entry<String, Long> e : histogram.entrySet()) {
      if (e.getKey().equals("malformed")) {
        continue;
      }
      sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
      first = false;
    }
    return sb.append("}}").toString();
  }

  private static void writeText(String path, String text, Configuration conf) {
    try {
      Path p = new Path(path);
      try (var out = FileSystem.get(p.toUri(), conf).create(p, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new FileException(path + ": " + e.getMessage());
    }
  }
}
