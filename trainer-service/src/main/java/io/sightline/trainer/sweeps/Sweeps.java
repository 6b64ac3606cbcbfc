package io.sightline.trainer.sweeps;

import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts sweeps and moves them on. {@link #advance} is idempotent and may run on every replica at once: job ids
 * are derived from the sweep, its rung and its trial, so two replicas planning the same rung queue the same jobs,
 * which the workers train once.
 */
public final class Sweeps {

    private static final Logger LOG = Logger.getLogger(Sweeps.class);
    /** How long after the winner's job ended a replica that did not run it waits for a champion record. */
    private static final Duration GATE_GRACE = Duration.ofSeconds(30);

    private final SweepStore store;
    private final TrainingJobs jobs;
    private final JobBoard board;
    private final PublishedModels registry;
    private final SweepAnnouncements announcements;
    private final Clock clock;
    private final TrialSilence silence;

    public Sweeps(SweepStore store, TrainingJobs jobs, JobBoard board, PublishedModels registry,
                  SweepAnnouncements announcements, Clock clock) {
        this(store, jobs, board, registry, announcements, clock, new TrialSilence(TrialSilence.DEFAULT));
    }

    /** @param silence how long a job may show no sign of life before its trial counts as failed */
    public Sweeps(SweepStore store, TrainingJobs jobs, JobBoard board, PublishedModels registry,
                  SweepAnnouncements announcements, Clock clock, TrialSilence silence) {
        this.silence = silence;
        this.store = store;
        this.jobs = jobs;
        this.board = board;
        this.registry = registry;
        this.announcements = announcements;
        this.clock = clock;
    }

    /**
     * Checks a sweep (every trial's job by the rules of a training job), records it and queues its first rung.
     *
     * @throws InvalidJobException naming what is wrong, before anything is queued
     */
    public Sweep start(SweepRequest request) throws IOException {
        if (request == null) {
            throw new InvalidJobException("a JSON body describing the sweep is required");
        }
        List<TrialParameters> planned = SweepPlan.trials(request);
        int epochs = SweepPlan.epochs(request);
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String trialModel = "sweep-" + id;
        for (int i = 0; i < planned.size(); i++) {
            TrialParameters trial = planned.get(i);
            // the winner's job is the longest one a trial's values lead to; it is checked as the real model
            try {
                jobs.check(trial.job(request.model(), request, epochs));
            } catch (InvalidJobException e) {
                throw new InvalidJobException("trial " + i + " (" + trial.describe() + "): " + e.getMessage());
            }
        }
        List<SweepTrial> trials = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            trials.add(new SweepTrial(i, planned.get(i), List.of()));
        }
        Sweep sweep = new Sweep(id, request, trialModel, Sweep.RUNNING, 0, SweepPlan.rungs(planned.size()),
                clock.instant(), null, List.copyOf(trials), null, null, null, null, null, false, null, null);
        sweep = queueRung(sweep, 0, trials);
        store.write(sweep);
        announcements.started(sweep);
        return sweep;
    }

    /** @throws UnknownResourceException when there is no such sweep */
    public Sweep get(String id) throws IOException {
        if (!SweepStore.isValidId(id)) {
            throw new InvalidJobException("a sweep id is 12 hexadecimal digits, got: "
                    + (id == null || id.length() <= 40 ? id : id.substring(0, 40) + "…"));
        }
        return store.read(id).orElseThrow(() -> new UnknownResourceException("no sweep " + id));
    }

    /** Every sweep in the store, newest first; one unreadable document is logged and left out. */
    public List<Sweep> list() throws IOException {
        List<Sweep> all = new ArrayList<>();
        for (String id : store.ids()) {
            try {
                store.read(id).ifPresent(all::add);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("sweep %s could not be read: %s", id, e.getMessage());
            }
        }
        all.sort(Comparator.comparing(Sweep::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return all;
    }

    /** The comparison report of a sweep (HTML), current while it runs. */
    public String report(String id) throws IOException {
        return SweepReport.html(get(id));
    }

    /** Moves every running sweep on; a failure of one is logged and does not stop the others. */
    public void advanceAll() throws IOException {
        for (String id : store.ids()) {
            try {
                Optional<Sweep> sweep = store.read(id);
                if (sweep.isPresent() && sweep.get().isRunning()) {
                    advance(sweep.get());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("sweep %s could not be advanced: %s", id, e.getMessage());
            }
        }
    }

    /** Reads the sweep's jobs, and queues its next rung or its winner's job when the current one has finished. */
    Sweep advance(Sweep sweep) throws IOException {
        Instant now = clock.instant();
        Sweep next = sweep.withTrials(sweep.trials().stream().map(t -> observed(t, now)).toList());
        if (next.winnerJobId() != null) {
            next = finishWhenWinnerTrained(next);
        } else if (rungFinished(next)) {
            next = afterRung(next);
        }
        if (!next.equals(sweep)) {
            if (store.read(sweep.id()).map(stored -> !stored.isRunning()).orElse(false)) {
                return sweep; // cancelled (or finished by another replica) since it was read: that stands
            }
            store.write(next);
            if (!next.isRunning()) {
                announcements.completed(next);
            }
        }
        return next;
    }

    private Sweep afterRung(Sweep sweep) throws IOException {
        List<SweepTrial> ranked = sweep.trials().stream()
                .filter(t -> t.run(sweep.rung()) != null && t.run(sweep.rung()).score() >= 0)
                .sorted(Comparator.comparingDouble((SweepTrial t) -> t.run(sweep.rung()).score()).reversed()
                        .thenComparingInt(SweepTrial::index))
                .toList();
        if (ranked.isEmpty()) {
            return sweep.finished(Sweep.FAILED, clock.instant(), null, null, null,
                    "no trial of rung " + sweep.rung() + " completed with a validation accuracy");
        }
        long inRung = sweep.trials().stream().filter(t -> t.run(sweep.rung()) != null).count();
        boolean budgetSpent = sweep.request().budgetSeconds() != null
                && Duration.between(sweep.createdAt(), clock.instant()).toSeconds() >= sweep.request().budgetSeconds();
        if (sweep.rung() + 1 < sweep.rungs() && ranked.size() > 1 && !budgetSpent) {
            int keep = Math.min(ranked.size(), SweepPlan.survivors((int) inRung));
            return queueRung(sweep, sweep.rung() + 1, ranked.subList(0, keep));
        }
        SweepTrial winner = ranked.get(0);
        String jobId = jobId(sweep.id(), "winner");
        jobs.submit(winner.parameters().job(sweep.request().model(), sweep.request(),
                SweepPlan.epochs(sweep.request())), SweepTriggers.WINNER + sweep.id(), jobId);
        LOG.infof("sweep %s: trial %d wins at rung %d; training it as model %s", sweep.id(), winner.index(),
                sweep.rung(), sweep.request().model());
        return sweep.withWinner(winner.index(), jobId, budgetSpent && sweep.rung() + 1 < sweep.rungs(),
                clock.instant());
    }

    private Sweep finishWhenWinnerTrained(Sweep sweep) throws IOException {
        Optional<TrainingJob> job = board.find(sweep.winnerJobId());
        if (job.isEmpty()) {
            if (sweep.winnerQueuedAt() == null) {
                return sweep.withWinnerQueuedAt(clock.instant());
            }
            if (silence.overdue(sweep.winnerQueuedAt(), null, clock.instant())) {
                return sweep.finished(Sweep.FAILED, clock.instant(), null, null, null, "no replica has known the"
                        + " winner's job " + sweep.winnerJobId() + " for " + TrialSilence.shown(silence.bound(null))
                        + " (sightline.trainer.sweeps.trial-silence): it is gone");
            }
            return sweep;
        }
        if (!job.get().status().isFinal()) {
            return sweep;
        }
        TrainingJob done = job.get();
        if (done.status() != JobStatus.COMPLETED) {
            return sweep.finished(Sweep.FAILED, clock.instant(), null, null, null,
                    "the winner's training as " + done.model() + " ended " + done.status()
                            + (done.reason() == null ? "" : ": " + done.reason()));
        }
        Boolean promoted = done.promoted();
        String promotion = done.promotion();
        if (promoted == null) {
            // a version the gate kept is on no topic, so only the replica that ran it knows; the champion record
            // tells every other one, once the gate has had time to write it
            boolean champion = registry.champion(done.model())
                    .map(c -> c.version().equals(done.modelVersion())).orElse(false);
            if (!champion && (done.finishedAt() == null
                    || clock.instant().isBefore(done.finishedAt().plus(GATE_GRACE)))) {
                return sweep;
            }
            promoted = champion;
            promotion = champion ? "champion" : "the gate kept the champion";
        }
        return sweep.finished(Sweep.COMPLETED, clock.instant(), done.modelVersion(), promoted, promotion, null);
    }

    private Sweep queueRung(Sweep sweep, int rung, List<SweepTrial> going) throws IOException {
        int epochs = SweepPlan.rungEpochs(rung, sweep.rungs(), SweepPlan.epochs(sweep.request()));
        List<SweepTrial> trials = new ArrayList<>(sweep.trials());
        for (SweepTrial trial : going) {
            String jobId = jobId(sweep.id(), rung + "\n" + trial.index());
            jobs.submit(trial.parameters().job(sweep.trialModel(), sweep.request(), epochs),
                    SweepTriggers.TRIAL + sweep.id(), jobId);
            trials.set(trial.index(), trials.get(trial.index()).withRun(TrialRun.queued(rung, epochs, jobId,
                    clock.instant())));
        }
        LOG.infof("sweep %s: rung %d of %d, %d trials of %d epochs queued", sweep.id(), rung + 1, sweep.rungs(),
                going.size(), epochs);
        return sweep.withRung(rung, trials);
    }

    private SweepTrial observed(SweepTrial trial, Instant now) {
        TrialRun last = trial.last();
        if (last == null || last.isFinal()) {
            return trial;
        }
        Instant since = last.progressAt() != null ? last.progressAt() : now;
        Optional<TrainingJob> job = board.find(last.jobId());
        if (job.isEmpty()) {
            if (silence.overdue(since, null, now)) {
                return trial.withRun(last.ended(JobStatus.FAILED, "no replica has known job " + last.jobId()
                        + " for " + TrialSilence.shown(silence.bound(null)) + " (sightline.trainer.sweeps"
                        + ".trial-silence): it is gone, counted as failed"));
            }
            return trial.withRun(progressed(last, since));
        }
        TrainingJob seen = job.get();
        List<Double> curve = seen.epochs() == null ? List.of()
                : seen.epochs().stream().map(EpochMetrics::validationAccuracy).toList();
        Double best = curve.stream().filter(Objects::nonNull).max(Double::compare).orElse(null);
        JobStatus status = seen.status() == JobStatus.COMPLETED && seen.modelVersion() == null
                ? JobStatus.RUNNING : seen.status();
        boolean changed = status != last.status() || curve.size() != last.validationCurve().size();
        TrialRun next = new TrialRun(last.rung(), last.epochs(), last.jobId(), status, best, curve,
                seen.modelVersion(), seen.reason(), changed ? now : since);
        if (status == JobStatus.RUNNING && silence.overdue(next.progressAt(), seen.parameters(), now)) {
            next = next.ended(JobStatus.FAILED, "job " + last.jobId() + " reported no epoch for "
                    + TrialSilence.shown(silence.bound(seen.parameters())) + ": counted as failed");
        }
        return trial.withRun(next);
    }

    private static TrialRun progressed(TrialRun run, Instant at) {
        return new TrialRun(run.rung(), run.epochs(), run.jobId(), run.status(), run.validationAccuracy(),
                run.validationCurve(), run.modelVersion(), run.reason(), at);
    }

    private static boolean rungFinished(Sweep sweep) {
        return sweep.trials().stream().map(t -> t.run(sweep.rung())).filter(Objects::nonNull)
                .allMatch(TrialRun::isFinal);
    }

    private static String jobId(String sweepId, String place) {
        return UUID.nameUUIDFromBytes(("sweep\n" + sweepId + "\n" + place).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
