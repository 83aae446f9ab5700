package io.augcon.cli;

import io.augcon.api.AsyncFailure;
import io.augcon.core.corpus.BadInputException;
import io.augcon.core.output.JournalMismatchException;
import io.augcon.scorer.ScorerFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns what a sub-command throws into its exit code and stderr line: bad usage
 * or bad input is {@link AugConCli#BAD_INPUT} with one {@code augcon: ...} line saying what and
 * where, anything else a failed run ({@link AugConCli#FAILED}). Commands throw; none catches to
 * pick an exit code. A bad {@link Choice} value is reported as {@code augcon: --option must be a, b
 * or c, was 'x'}; other parse errors keep picocli's message and usage.
 */
final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /**
     * A command whose every {@link IOException} comes from a file the user named ({@code report}): it
     * is bad input there, where for {@code generate} it is a failed run.
     */
    interface ReadsUserFiles {}

    private final IParameterExceptionHandler picocliDefault;

    private ExitCodes(IParameterExceptionHandler picocliDefault) {
        this.picocliDefault = picocliDefault;
    }

    /** Makes {@code cli} and its sub-commands exit through this mapper. */
    static CommandLine install(CommandLine cli) {
        ExitCodes codes = new ExitCodes(cli.getParameterExceptionHandler());
        return cli.setExecutionExceptionHandler(codes).setParameterExceptionHandler(codes);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) throws Exception {
        if (e.getCause() instanceof Choice.Unknown && e.getArgSpec() instanceof OptionSpec option) {
            e.getCommandLine().getErr().println("augcon: " + option.longestName() + " must be " + e.getCause().getMessage());
            return AugConCli.BAD_INPUT;
        }
        return picocliDefault.handleParseException(e, args);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String bad = badInput(e, command.getCommand() instanceof ReadsUserFiles);
        if (bad != null) {
            err.println("augcon: " + inOptionTerms(bad, command));
            return AugConCli.BAD_INPUT;
        }
        err.println("augcon: run failed: " + describe(e));
        return AugConCli.FAILED;
    }

    /** What was wrong with the input, or {@code null} when {@code e} is not bad input. */
    private static String badInput(Exception e, boolean ioIsInput) {
        if (e instanceof BadInputException) {
            return "bad input: " + e.getMessage();
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile()
                    + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")");
        }
        if (e instanceof JournalMismatchException) {
            return "cannot resume: " + e.getMessage() + "; pass --fresh to start the output over";
        }
        if (e instanceof ScorerFileException || e instanceof IllegalArgumentException || (ioIsInput && e instanceof IOException)) {
            return e.getMessage();
        }
        return null;
    }

    /**
     * {@code message} with a library knob's name at its start replaced by the option that sets
     * it, found from the option's own name ({@code groundingFloor must be ...} from the library
     * reads {@code --grounding-floor must be ...}), so the range checks live in the library only.
     */
    static String inOptionTerms(String message, CommandLine command) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            String knob = knobName(option.longestName());
            if (message.startsWith(knob + " ")) {
                return option.longestName() + message.substring(knob.length());
            }
        }
        return message;
    }

    /** {@code --search-budget} as the library names the knob: {@code searchBudget}. */
    private static String knobName(String option) {
        StringBuilder knob = new StringBuilder();
        boolean upper = false;
        for (char c : option.replaceFirst("^-+", "").toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                knob.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return knob.toString();
    }

    /** The innermost message worth showing: completion wrappers and message-less causes are skipped. */
    static String describe(Throwable e) {
        Throwable cause = AsyncFailure.cause(e);
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = AsyncFailure.cause(cause.getCause());
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
