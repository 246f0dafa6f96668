package dev.pkixj.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code pkixj}, {@code db}, {@code exception}, {@code
 * config}): run on its own, it prints its usage on standard error and exits {@link
 * Main#EXIT_USAGE}.
 */
abstract class CommandGroup implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.EXIT_USAGE;
  }
}
