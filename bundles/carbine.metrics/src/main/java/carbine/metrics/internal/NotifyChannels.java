package carbine.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

import carbine.api.notify.NotifyTopics;
import carbine.metrics.internal.Snapshots.Gauges;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * The notification channels' failure episodes, from the router's {@value NotifyTopics#FAILING} and
 * {@value NotifyTopics#RECOVERED} events. The router posts nothing per delivery, so deliveries are not counted.
 * A channel appears with its first event and stays until this bundle restarts (channels are few: one per
 * configuration).
 */
final class NotifyChannels {
    private final Map<String, Channel> channels = new ConcurrentSkipListMap<>();

    private static final class Channel {
        boolean failing;
        long attempts;
        long episodes;
        long recoveries;
    }

    void event(String topic, Object channelId, Object attempts) {
        if (!(channelId instanceof String id) || id.isEmpty()) {
            return;
        }
        boolean failing = NotifyTopics.FAILING.equals(topic);
        if (!failing && !NotifyTopics.RECOVERED.equals(topic)) {
            return;
        }
        Channel c = channels.computeIfAbsent(id, k -> new Channel());
        synchronized (c) {
            if (failing) {
                if (!c.failing) {
                    c.episodes++;
                }
                c.failing = true;
                c.attempts = attempts instanceof Number n ? n.longValue() : c.attempts;
            } else {
                if (c.failing) {
                    c.recoveries++;
                }
                c.failing = false;
                c.attempts = 0;
            }
        }
    }

    List<MetricSnapshot> collect() {
        Gauges failing = new Gauges("carbine_notify_channel_failing", null,
                "1 while a notification channel is failing (several failed attempts over several minutes; "
                        + "its messages wait in the outbox), 0 once it delivers again.");
        Gauges attempts = new Gauges("carbine_notify_channel_failed_attempts", null,
                "Failed delivery attempts of the channel's current failure episode, as of its FAILING event; "
                        + "0 when not failing.");
        Map<String, Long> episodes = new TreeMap<>();
        Map<String, Long> recoveries = new TreeMap<>();
        channels.forEach((id, c) -> {
            Labels labels = Labels.of("channel", id);
            synchronized (c) {
                failing.add(labels, c.failing ? 1 : 0);
                attempts.add(labels, c.failing ? c.attempts : 0);
                episodes.put(id, c.episodes);
                recoveries.put(id, c.recoveries);
            }
        });
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(failing.build());
        all.add(attempts.build());
        all.add(Snapshots.counters("carbine_notify_channel_failing_episodes",
                "Times a notification channel started failing (FAILING events).", episodes,
                id -> Labels.of("channel", id)));
        all.add(Snapshots.counters("carbine_notify_channel_recoveries",
                "Times a failing notification channel delivered again (RECOVERED events).", recoveries,
                id -> Labels.of("channel", id)));
        return all;
    }
}
