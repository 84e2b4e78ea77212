package carbine.poller.internal;

import java.util.Map;

/** Where the poller posts its events (Event Admin in the framework); see {@code carbine.api.event.CarbineTopics}. */
@FunctionalInterface
public interface EventSink {
    /** Fire and forget; must not block. */
    void post(String topic, Map<String, Object> properties);
}
