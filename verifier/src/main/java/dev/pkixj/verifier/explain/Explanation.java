package dev.pkixj.verifier.explain;

import dev.pkixj.verifier.Result;
import java.util.List;

/**
 * What Firefox's certificate error page would tell the user about one result, in plain text.
 *
 * <p>Obtain instances from {@link Explanations}. The texts are for people: programs must decide on
 * {@link #code()} (and its {@link Result#nssCode()}), never on the wording, which may change or be
 * translated.
 *
 * @param code the result explained
 * @param title the page heading: "Warning: Potential Security Risk Ahead" when the error can be
 *     overridden, "Secure Connection Failed" when it cannot
 * @param description what went wrong, one or more paragraphs separated by a blank line, with the
 *     host name, dates and names filled in
 * @param whatToDo the "What can you do about it?" advice
 * @param overridable true if Firefox offers "Accept the Risk and Continue" for this error
 *     ({@link Result#isOverridable()})
 * @param clockMayBeWrong true if the page suggests checking the computer's clock ({@link
 *     Result#isTimeRelated()})
 * @param validNames the dNSName entries of the end-entity certificate, as the page lists them for
 *     a host-name mismatch ("only valid for …"); empty when none or unknown. Never null
 */
public record Explanation(
    Result code,
    String title,
    String description,
    String whatToDo,
    boolean overridable,
    boolean clockMayBeWrong,
    List<String> validNames) {

  public Explanation {
    validNames = List.copyOf(validNames);
  }

  /**
   * The whole explanation as plain text: the title, the description, the advice under "What can
   * you do about it?", whether an exception can be added, and, as the last line, {@code "Error
   * code: NAME"} with the Firefox name of the code.
   */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(title).append("\n\n");
    sb.append(description).append("\n\n");
    sb.append(Explanations.text("whatToDo.heading")).append('\n');
    sb.append(whatToDo).append("\n\n");
    if (code != Result.SUCCESS) {
      sb.append(Explanations.text(overridable ? "override.yes" : "override.no")).append("\n\n");
    }
    sb.append(Explanations.text("errorCode", "", code.firefoxName()));
    return sb.toString();
  }
}
