package carbine.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.notify.NotifyTopics;

class NotifyChannelsTest {
    @Test
    void aChannelFailsThenRecovers() {
        NotifyChannels channels = new NotifyChannels();
        channels.event(NotifyTopics.FAILING, "webhook-ops", 5);
        channels.event(NotifyTopics.FAILING, "webhook-ops", 9); // the router posts once per episode; be safe anyway
        assertThat(Text.samples(Text.of(channels.collect()))).contains(
                "carbine_notify_channel_failing{channel=\"webhook-ops\"} 1.0",
                "carbine_notify_channel_failed_attempts{channel=\"webhook-ops\"} 9.0",
                "carbine_notify_channel_failing_episodes_total{channel=\"webhook-ops\"} 1.0",
                "carbine_notify_channel_recoveries_total{channel=\"webhook-ops\"} 0.0");

        channels.event(NotifyTopics.RECOVERED, "webhook-ops", 11);
        channels.event(NotifyTopics.FAILING, "webhook-ops", 5);
        channels.event(NotifyTopics.RECOVERED, "webhook-ops", 6);
        assertThat(Text.samples(Text.of(channels.collect()))).contains(
                "carbine_notify_channel_failing{channel=\"webhook-ops\"} 0.0",
                "carbine_notify_channel_failed_attempts{channel=\"webhook-ops\"} 0.0",
                "carbine_notify_channel_failing_episodes_total{channel=\"webhook-ops\"} 2.0",
                "carbine_notify_channel_recoveries_total{channel=\"webhook-ops\"} 2.0");
    }

    @Test
    void channelsAreSeparateAndEventsWithoutAChannelAreIgnored() {
        NotifyChannels channels = new NotifyChannels();
        channels.event(NotifyTopics.FAILING, "a", 5);
        channels.event(NotifyTopics.RECOVERED, "b", 0);
        channels.event(NotifyTopics.FAILING, null, 5);
        channels.event(NotifyTopics.FAILING, "", 5);
        channels.event("carbine/notify/SOMETHING_NEW", "c", 1);
        List<String> failing = Text.samples(Text.of(channels.collect())).stream()
                .filter(l -> l.startsWith("carbine_notify_channel_failing{")).toList();
        assertThat(failing).containsExactly("carbine_notify_channel_failing{channel=\"a\"} 1.0",
                "carbine_notify_channel_failing{channel=\"b\"} 0.0");
    }

    @Test
    void deliveriesAndFailuresAreCountedPerChannelFromTheRouter() {
        List<carbine.api.notify.Notifications.Channel> channels = List.of(
                new carbine.api.notify.Notifications.Channel("carbine.notify.webhook~ops", "webhook 'ops'", "webhook", 0,
                        false, null, 0, 12, 3, null),
                new carbine.api.notify.Notifications.Channel("carbine.notify.ntfy~phone", "ntfy 'phone'", "ntfy", 2, false,
                        "HTTP 500", 4, 0, 2, java.time.Instant.parse("2026-12-05T14:00:00Z")));
        String text = Text.of(Snapshots.deliveries(channels));
        assertThat(Text.samples(text)).contains(
                "carbine_notify_deliveries_total{channel=\"carbine.notify.webhook~ops\"} 12.0",
                "carbine_notify_delivery_failures_total{channel=\"carbine.notify.webhook~ops\"} 3.0",
                "carbine_notify_deliveries_total{channel=\"carbine.notify.ntfy~phone\"} 0.0",
                "carbine_notify_delivery_failures_total{channel=\"carbine.notify.ntfy~phone\"} 2.0",
                "carbine_notify_messages_waiting{channel=\"carbine.notify.ntfy~phone\"} 4.0",
                "carbine_notify_channel_snoozed{channel=\"carbine.notify.ntfy~phone\"} 1.0",
                "carbine_notify_channel_snoozed{channel=\"carbine.notify.webhook~ops\"} 0.0");
        assertThat(text).contains("# TYPE carbine_notify_deliveries_total counter", "# TYPE carbine_notify_messages_waiting gauge");
    }
}
