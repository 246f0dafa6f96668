package dev.pkixj.spark;

import dev.pkixj.cli.Pem;
import dev.pkixj.cli.batch.CtEntry;
import dev.pkixj.cli.batch.DerInterner;
import dev.pkixj.cli.batch.FastTime;
import dev.pkixj.cli.batch.MalformedRecordException;
import dev.pkixj.cli.batch.ParsedRecord;
import dev.pkixj.cli.batch.RecordParser;
import dev.pkixj.cli.batch.RecordResult;
import dev.pkixj.cli.batch.RecordVerifier;
import dev.pkixj.verifier.Verifier;
import java.io.IOException;
import java.io.InputStream;
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
import org.apache.hadoop.conf.Configuration;
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
 *     [--input-format ndjson|pem|ct] [--host HOST] [--time T] INPUT...
 * </pre>
 *
 * Rows have the command line's result fields: {@code id, line, offset, verdict, code,
 * nss_code, cert_index, host, chain, issuer, error, entry_type} ({@code offset}: the byte offset
 * of an NDJSON line in its file, which names a record without an id as {@code FILE@OFFSET}).
 */
public final class BatchJob {
  private BatchJob() {}

  /** The job's settings. */
  public record Options(List<String> inputs, String roots, String out, String format,
      String inputFormat, String host, Instant time, String histogram) implements Serializable {

    /** Parses the command line (see the class comment). */
    public static Options parse(String[] args) {
      List<String> inputs = new ArrayList<>();
      String roots = null;
      String out = null;
      String format = "parquet";
      String inputFormat = "ndjson";
      String host = null;
      Instant time = null;
      String histogram = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--roots": roots = args[++i]; break;
          case "--out": out = args[++i]; break;
          case "--format": format = args[++i].toLowerCase(Locale.ROOT); break;
          case "--input-format": inputFormat = args[++i].toLowerCase(Locale.ROOT); break;
          case "--host": host = args[++i]; break;
          case "--time": time = Instant.ofEpochSecond(FastTime.parse(args[++i])); break;
          case "--histogram": histogram = args[++i]; break;
          default:
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            inputs.add(a);
        }
      }
      if (inputs.isEmpty() || roots == null || out == null) {
        throw new IllegalArgumentException("usage: BatchJob --roots ROOTS.pem --out DIR "
            + "[--format parquet|json] [--input-format ndjson|pem|ct] [--host H] [--time T] "
            + "[--histogram FILE] INPUT...");
      }
      if (!format.equals("parquet") && !format.equals("json")) {
        throw new IllegalArgumentException("--format must be parquet or json");
      }
      if (!List.of("ndjson", "pem", "ct").contains(inputFormat)) {
        throw new IllegalArgumentException("--input-format must be ndjson, pem or ct");
      }
      return new Options(inputs, roots, out, format, inputFormat, host, time,
          histogram != null ? histogram : out.replaceAll("/+$", "") + "_histogram.json");
    }
  }

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
      .add("entry_type", DataTypes.StringType);

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("pkixj spark: " + e.getMessage());
      System.exit(1);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("pkixj batch").getOrCreate();
    try {
      Map<String, Long> histogram = run(spark, o);
      System.out.println(histogramJson(histogram));
    } finally {
      spark.stop();
    }
  }

  /** Runs the job; returns the histogram (verdict code → records; "malformed" for those). */
  public static Map<String, Long> run(SparkSession spark, Options o) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = jsc.hadoopConfiguration();
    ArrayList<byte[]> roots = readRoots(o.roots(), conf);
    long defaultTime = (o.time() != null ? o.time() : Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .getEpochSecond();
    Broadcast<ArrayList<byte[]>> rootsBc = jsc.broadcast(roots);
    Settings settings = new Settings(rootsBc, o.host(), defaultTime);
    String paths = String.join(",", o.inputs());

    JavaRDD<Row> rows;
    switch (o.inputFormat()) {
      case "pem":
        rows = jsc.binaryFiles(paths).map(f -> certificateFileRow(settings, f._1(), f._2()));
        break;
      case "ct":
        rows = jsc.binaryFiles(paths).flatMap(f -> ctRows(settings, f._1(), f._2()));
        break;
      default:
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>)
            jsc.newAPIHadoopFile(paths, TextInputFormat.class, LongWritable.class, Text.class,
                conf);
        rows = lines.mapPartitionsWithInputSplit((split, it) -> ndjsonRows(settings,
            ((FileSplit) split).getPath().toString(), it), true);
    }
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    if (o.format().equals("json")) {
      df.write().mode(SaveMode.Overwrite).json(o.out());
    } else {
      df.write().mode(SaveMode.Overwrite).parquet(o.out());
    }
    Dataset<Row> written = o.format().equals("json")
        ? spark.read().schema(SCHEMA).json(o.out()) : spark.read().parquet(o.out());
    Map<String, Long> histogram = new LinkedHashMap<>();
    for (Row r : written.groupBy("verdict", "code").count().orderBy(
        org.apache.spark.sql.functions.col("count").desc()).collectAsList()) {
      String key = r.isNullAt(1) ? "malformed" : r.getString(1);
      histogram.merge(key, r.getLong(2), Long::sum);
    }
    writeText(o.histogram(), histogramJson(histogram) + "\n", conf);
    return histogram;
  }

  /** What each task needs: the broadcast roots and the defaults. */
  record Settings(Broadcast<ArrayList<byte[]>> roots, String host, long time)
      implements Serializable {}

  /** One verifier and one decoding cache per executor JVM and broadcast. */
  private static final Map<Long, RecordVerifier> VERIFIERS = new ConcurrentHashMap<>();
  private static final DerInterner BASE64 = new DerInterner(16384);
  private static final DerInterner DER = new DerInterner(16384);

  static RecordVerifier verifier(Settings s) {
    return VERIFIERS.computeIfAbsent(s.roots().id(), id -> new RecordVerifier(
        Verifier.withRoots(s.roots().value()), s.host(), s.time()));
  }

  static Iterator<Row> ndjsonRows(Settings s, String file,
      Iterator<scala.Tuple2<LongWritable, Text>> lines) {
    RecordVerifier v = verifier(s);
    RecordParser parser = new RecordParser(BASE64);
    return new Iterator<>() {
      private Row next;

      @Override
      public boolean hasNext() {
        while (next == null && lines.hasNext()) {
          scala.Tuple2<LongWritable, Text> l = lines.next();
          Text t = l._2();
          long offset = l._1().get();
          if (isBlank(t.getBytes(), t.getLength())) {
            continue;
          }
          String fallback = file + "@" + offset;
          RecordResult r;
          try {
            ParsedRecord p = parser.parse(t.getBytes(), 0, t.getLength());
            r = v.verify(p, fallback, -1);
          } catch (MalformedRecordException e) {
            r = RecordResult.malformed(fallback, -1, fallback + ": " + e.getMessage());
          }
          next = row(r, offset);
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }
    };
  }

  static Row certificateFileRow(Settings s, String path, PortableDataStream stream)
      throws IOException {
    byte[] data = contents(stream);
    List<byte[]> certs;
    String error = null;
    if (Pem.looksLikePem(data)) {
      try {
        certs = Pem.certificates(new String(data, StandardCharsets.ISO_8859_1));
        if (certs.isEmpty()) {
          error = "no CERTIFICATE block";
        }
      } catch (Pem.PemException e) {
        certs = null;
        error = "bad PEM: " + e.getMessage();
      }
    } else {
      certs = Pem.splitDer(data);
      if (certs == null) {
        error = "neither PEM nor DER";
      }
    }
    if (error != null) {
      return row(RecordResult.malformed(path, -1, path + ": " + error), null);
    }
    List<byte[]> chain = new ArrayList<>(certs.size());
    certs.forEach(c -> chain.add(DER.intern(c)));
    return row(verifier(s).verify(new ParsedRecord(null, null, ParsedRecord.NO_TIME, chain),
        path, -1), null);
  }

  /** A whole file, gunzipped when it starts with gzip's magic bytes. */
  static byte[] contents(PortableDataStream stream) throws IOException {
    byte[] data = stream.toArray();
    if (data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
      try (InputStream in = new java.util.zip.GZIPInputStream(
          new java.io.ByteArrayInputStream(data))) {
        return in.readAllBytes();
      }
    }
    return data;
  }

  static Iterator<Row> ctRows(Settings s, String path, PortableDataStream stream)
      throws IOException {
    RecordVerifier v = verifier(s);
    List<Row> out = new ArrayList<>();
    for (CtEntry.Decoded d : CtEntry.readResponse(contents(stream), DER::intern)) {
      String id = path + "#" + d.index();
      out.add(row(d.record() == null ? RecordResult.malformed(id, d.index(), id + ": " + d.error())
          : v.verify(d.record(), id, d.index()), null));
    }
    return out.iterator();
  }

  static Row row(RecordResult r, Long offset) {
    return RowFactory.create(r.id(), r.line() >= 0 ? r.line() : null, offset,
        r.verdict().name().toLowerCase(Locale.ROOT), r.code(),
        r.result() == null ? null : r.result().nssCode(), r.certIndex(), r.host(),
        r.chain().toArray(new String[0]), r.issuer(), r.error(), r.entryType());
  }

  private static boolean isBlank(byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
        return false;
      }
    }
    return true;
  }

  static ArrayList<byte[]> readRoots(String path, Configuration conf) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      byte[] data = in.readAllBytes();
      List<byte[]> certs = Pem.looksLikePem(data)
          ? Pem.certificates(new String(data, StandardCharsets.ISO_8859_1)) : Pem.splitDer(data);
      if (certs == null || certs.isEmpty()) {
        throw new IllegalArgumentException(path + ": no certificate");
      }
      return new ArrayList<>(certs);
    } catch (IOException | Pem.PemException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
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
    Path p = new Path(path);
    try (var out = FileSystem.get(p.toUri(), conf).create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(path + ": " + e.getMessage(), e);
    }
  }
}
