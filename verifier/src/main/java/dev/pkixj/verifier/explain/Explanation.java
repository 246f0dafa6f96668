package dev.pkixj.verifier.explain;

import dev.pkixj.pkix.Result;
import java.util.List;

/**
 * What Firefox's certificate error page would tell the user about one result, in plain text.
 *
 * <p>Obtain instances from {@link Explanations}. The texts are for people: programs must decide on
 * {@link #code()} (and its {@link Result#nssCode()}), never on the wording, which may change or be
 * translated.
 *
 * @param code the result explained ({@link Result#SUCCESS} for a success, also when an exception
 *     covered an error: see {@link #overriddenError()})
 * @param title the page heading: "Warning: Potential Security Risk Ahead" when the error can be
 *     overridden, "Secure Connection Failed" when it cannot, "Did Not Connect: Potential Security
 *     Issue" for an overridable error on an HSTS or pinned host, "Your Computer Clock is Wrong"
 *     when the clock check blames the clock
 * @param description what went wrong, one or more paragraphs separated by a blank line, with the
 *     host name, dates and names filled in
 * @param whatToDo the "What can you do about it?" advice
 * @param overridable true if the page offers "Accept the Risk and Continue" (an overridable code,
 *     {@link Result#isOverridable()}, on a host that allows exceptions, with the clock not
 *     blamed)
 * @param clockMayBeWrong true if the page suggests checking the computer's clock ({@link
 *     Result#isTimeRelated()})
 * @param validNames the dNSName entries of the end-entity certificate, as the page lists them for
 *     a host-name mismatch ("only valid for …"); empty when none or unknown. Never null
 * @param clockProbablyWrong true if the clock check concluded that this computer's clock, not
 *     the site, is wrong ("Your Computer Clock is Wrong")
 * @param overriddenError for a success through a certificate exception, the error the exception
 *     covered; else null
 */
public record Explanation(
    Result code,
    String title,
    String description,
    String whatToDo,
    boolean overridable,
    boolean clockMayBeWrong,
    List<String> validNames,
    boolean clockProbablyWrong,
    Result overriddenError) {

  public Explanation {
    validNames = List.copyOf(validNames);
  }

  /** An explanation of a plain result (no clock verdict, no exception). */
  public Explanation(Result code, String title, String description, String whatToDo,
      boolean overridable, boolean clockMayBeWrong, List<String> validNames) {
    this(code, title, description, whatToDo, overridable, clockMayBeWrong, validNames, false,
        null);
  }

  /**
   * The whole explanation as plain text: the title, the description, the advice under "What can
   * you do about it?", whether an exception can be added, and, as the last line, {@code "Error
   * code: NAME"} with the Firefox name of the code (for an overridden success, the name of the
   * error the exception covers follows).
   */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(title).append("\n\n");
    sb.append(description).append("\n\n");
    sb.append(Explanations.text("whatToDo.heading")).append('\n');
    sb.append(whatToDo).append("\n\n");
    if (overriddenError != null) {
      sb.append(Explanations.text("override.inUse", "", overriddenError.firefoxName()))
          .append("\n\n");
    } else if (code != Result.SUCCESS) {
      String key;
      if (overridable) {
        key = "override.yes";
      } else if (clockProbablyWrong) {
        key = "override.clock";
      } else if (code.isOverridable()) {
        key = "override.sts";
      } else {
        key = "override.no";
      }
      sb.append(Explanations.text(key)).append("\n\n");
    }
    sb.append(Explanations.text("errorCode", "", code.firefoxName()));
    if (overriddenError != null) {
      sb.append(Explanations.text("errorCode.overridden", "", overriddenError.firefoxName()));
    }
    return sb.toString();
  }
}
