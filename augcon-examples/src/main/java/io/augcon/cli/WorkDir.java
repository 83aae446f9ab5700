package io.augcon.cli;

import io.augcon.core.llm.BudgetExhaustedException;
import io.augcon.core.output.JsonlRecordWriter;
import io.augcon.core.output.RecordFormat;
import io.augcon.core.output.RecordSink;
import io.augcon.core.output.ResumableJsonlWriter;
import io.augcon.core.run.RunCounters;
import io.augcon.store.RunJournal;
import io.augcon.store.RunStatus;
import io.augcon.store.SqliteAnswerStore;
import java.io.Closeable;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code generate}'s {@code --work-dir}: one SQLite file holding the LLM answer cache and the run
 * journal, so a rerun with the same directory replays every answered call and resumes the output
 * where the last run stopped (killed, failed or at a budget).
 */
final class WorkDir implements Closeable {
    /** The SQLite file in the work directory. */
    static final String DATABASE = "augcon.db";

    private final Path database;
    private final RunJournal journal;
    private final SqliteAnswerStore answers;

    private WorkDir(Path database, RunJournal journal, SqliteAnswerStore answers) {
        this.database = database;
        this.journal = journal;
        this.answers = answers;
    }

    /** Opens the work directory's journal, and its answer cache when {@code withAnswers}. */
    static WorkDir open(Path dir, boolean withAnswers) throws IOException {
        Path database = dir.resolve(DATABASE);
        RunJournal journal = RunJournal.open(database);
        try {
            return new WorkDir(database, journal, withAnswers ? SqliteAnswerStore.open(database) : null);
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** The answer cache, or {@code null} when the run asks no LLM. */
    SqliteAnswerStore answers() {
        return answers;
    }

    Path database() {
        return database;
    }

    /**
     * Starts the run in the journal and opens {@code output}, resuming what the journal committed
     * for it; says on {@code err} what is resumed.
     *
     * @throws IllegalArgumentException when the journal holds this output from a run with other
     *                                  settings and {@code fresh} is off
     */
    ResumableJsonlWriter begin(CommandSpec spec, Path output, RecordFormat format, long seed, boolean fresh,
            PrintWriter err) throws IOException {
        Path absolute = output.toAbsolutePath().normalize();
        Optional<RunJournal.RunInfo> resumed;
        try {
            resumed = journal.begin(absolute.toString(), seed, settings(spec), fresh);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--work-dir: " + e.getMessage() + " (pass --fresh)", e);
        }
        ResumableJsonlWriter writer = ResumableJsonlWriter.open(absolute, format, journal);
        if (writer.restarted()) {
            err.println("augcon: " + output + " is gone: writing it over from the start");
        } else if (resumed.isPresent()) {
            err.println("augcon: resuming " + output + " after a run that ended " + resumed.get().status().label()
                    + " with " + resumed.get().records() + " records written");
        }
        return writer;
    }

    /**
     * Starts a run whose records stream to {@code out} ({@code --output -}): a stream cannot be
     * resumed, so the journal starts over every time; the answer cache still replays every
     * answered call. Closing the returned sink flushes {@code out} and leaves it open.
     */
    RecordSink beginStream(CommandSpec spec, long seed, PrintWriter out, RecordFormat format) throws IOException {
        journal.begin(GenerateCommand.STDOUT, seed, settings(spec), true);
        return new JsonlRecordWriter(new FilterWriter(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        }, format);
    }

    /** Records that the run finished. */
    void finished() throws IOException {
        journal.end(RunStatus.FINISHED);
    }

    /**
     * Records how a run that threw {@code failure} ended. A spent budget is a clean stop: the
     * summary so far and how to resume go to {@code err} and the answer is true (exit with {@link
     * AugConCli#STOPPED_AT_BUDGET}); for any other failure the answer is false (rethrow it).
     */
    boolean stoppedAtBudget(Exception failure, RunCounters progress, Path dir, PrintWriter err) throws IOException {
        BudgetExhaustedException budget = BudgetExhaustedException.in(failure);
        journal.end(budget != null ? RunStatus.STOPPED_AT_BUDGET : RunStatus.FAILED);
        if (budget == null) {
            return false;
        }
        progress.summary().format().lines().forEach(line -> err.println("augcon: " + line));
        err.println("augcon: stopped at budget (" + budget.getMessage() + "); rerun with the same --work-dir "
                + dir + " to resume");
        return true;
    }

    /**
     * The options that decide which records a run writes, by name, with paths made absolute and
     * choices by their command-line names: every option of {@code spec}'s {@link RecordSettings}
     * mixins.
     */
    static Map<String, String> settings(CommandSpec spec) {
        Map<String, String> settings = new TreeMap<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof RecordSettings) {
                mixin.options().forEach(option -> settings.put(option.longestName(), text(option)));
            }
        }
        return settings;
    }

    private static String text(OptionSpec option) {
        ITypeConverter<?>[] converters = option.converters();
        if (converters.length == 1 && converters[0] instanceof Choice<?> choice) {
            return choice.nameOf(option.getValue());
        }
        Object value = option.getValue();
        if (value == null && option.type().isPrimitive()) {
            // An option of an @ArgGroup not given has no group instance to read: it holds its zero, as in a fresh one.
            value = Array.get(Array.newInstance(option.type(), 1), 0);
        }
        return text(value);
    }

    private static String text(Object value) {
        if (value instanceof Path) {
            return ((Path) value).toAbsolutePath().normalize().toString();
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(WorkDir::text).toList().toString();
        }
        return String.valueOf(value);
    }

    @Override
    public void close() throws IOException {
        try (RunJournal j = journal) {
            if (answers != null) {
                answers.close();
            }
        }
    }
}
