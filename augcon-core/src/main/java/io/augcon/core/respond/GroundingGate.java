package io.augcon.core.respond;

import io.augcon.api.AsyncFailure;
import io.augcon.api.Language;
import io.augcon.core.internal.stage.RunFailure;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The grounding floor and what happens below it: an answer whose {@link GroundingCheck} score
 * is below the floor is regenerated once; if the regeneration reaches the floor it replaces the
 * answer, else the better-grounded of the two is kept flagged or dropped. Counts every outcome.
 */
final class GroundingGate {
    private final double floor;
    private final BelowFloor belowFloor;
    private final LongAdder checked = new LongAdder();
    private final LongAdder regenerated = new LongAdder();
    private final LongAdder recovered = new LongAdder();
    private final LongAdder flagged = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    GroundingGate(double floor, BelowFloor belowFloor) {
        this.floor = floor;
        this.belowFloor = belowFloor;
    }

    /**
     * An answer that passed the gate.
     *
     * @param text        the answer
     * @param grounding   its grounding score
     * @param regenerated whether it is the regeneration
     * @param belowFloor  whether it was kept below the floor
     */
    record Passed(String text, double grounding, boolean regenerated, boolean belowFloor) {}

    /**
     * Checks {@code answer} against {@code context}, regenerating once through {@code regenerate}
     * when it is below the floor. Fails with an {@link UngroundedResponseException} when both
     * stay below and the policy drops; a regeneration that fails counts as one below the floor,
     * unless the failure ends the run.
     */
    CompletionStage<Passed> check(String answer, String context, Language language,
            Supplier<CompletionStage<String>> regenerate, String what) {
        checked.increment();
        double grounding = GroundingCheck.score(answer, context, language);
        if (grounding >= floor) {
            return CompletableFuture.completedFuture(new Passed(answer, grounding, false, false));
        }
        regenerated.increment();
        return regenerate.get().handle((second, error) -> {
            if (error != null && RunFailure.endsTheRun(error)) {
                throw AsyncFailure.propagate(error);
            }
            double secondGrounding = error == null ? GroundingCheck.score(second, context, language) : -1;
            if (secondGrounding >= floor) {
                recovered.increment();
                return new Passed(second, secondGrounding, true, false);
            }
            boolean secondBetter = secondGrounding > grounding;
            double best = Math.max(grounding, secondGrounding);
            if (belowFloor == BelowFloor.DROP) {
                dropped.increment();
                throw new UngroundedResponseException(String.format(Locale.ROOT,
                        "%s: grounding %.2f below the floor %.2f after one regeneration", what, best, floor), best);
            }
            flagged.increment();
            return secondBetter ? new Passed(second, secondGrounding, true, true) : new Passed(answer, grounding, false, true);
        });
    }

    SelfImprovingResponder.GroundingCounts counts() {
        return new SelfImprovingResponder.GroundingCounts(checked.sum(), regenerated.sum(), recovered.sum(),
                flagged.sum(), dropped.sum());
    }
}
