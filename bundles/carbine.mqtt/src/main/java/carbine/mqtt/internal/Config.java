package carbine.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The form of {@value MqttComponent#PID}; the defaults live in {@link Settings}. */
@ObjectClassDefinition(name = "Carbine MQTT (Home Assistant)",
        description = "Publishes every printer to an MQTT broker as a Home Assistant device (MQTT discovery). "
                + "Without this configuration nothing is published.")
@interface Config {
    @AttributeDefinition(name = "Broker URL", description = "tcp://host:1883, or ssl://host:8883 for TLS (the "
            + "broker's certificate and name are checked against the JDK's trust store). Required.")
    String url();

    @AttributeDefinition(name = "User name", required = false, description = "Login at the broker. Empty: none.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the login. Never logged.")
    String password() default "";

    @AttributeDefinition(name = "Topic prefix", description = "Carbine's own topics: <prefix>/status (online or "
            + "offline) and <prefix>/<printer>/state, <prefix>/<printer>/alerts. Also names the devices' ids, so "
            + "two Carbines on one broker need different prefixes.")
    String topicPrefix() default Settings.DEFAULT_TOPIC_PREFIX;

    @AttributeDefinition(name = "Discovery prefix", description = "Home Assistant's discovery prefix (its MQTT "
            + "integration's option, default homeassistant).")
    String discoveryPrefix() default Settings.DEFAULT_DISCOVERY_PREFIX;

    @AttributeDefinition(name = "Publish interval (ms)", min = "50", description = "How often the fleet is read; "
            + "what changed since the last round is published.")
    long intervalMillis() default Settings.DEFAULT_INTERVAL_MILLIS;

    @AttributeDefinition(name = "Messages per second", min = "1", description = "Most messages published per "
            + "second (a big farm's updates are spread out; changes of state, problem and alerts go first).")
    int maxMessagesPerSecond() default Settings.DEFAULT_MAX_MESSAGES_PER_SECOND;

    @AttributeDefinition(name = "Longest reconnect wait (s)", min = "1", description = "When the broker is away, "
            + "reconnecting is tried after 1 s, then doubling up to this.")
    long reconnectMaxSeconds() default Settings.DEFAULT_RECONNECT_MAX_SECONDS;

    @AttributeDefinition(name = "Remove after (s)", min = "0", description = "A printer that has left the fleet for "
            + "this long is removed from Home Assistant (empty discovery messages); a driver being updated comes "
            + "back sooner and keeps its entities.")
    long removeAfterSeconds() default Settings.DEFAULT_REMOVE_AFTER_SECONDS;
}
