# syntax=docker/dockerfile:1
# Spring Boot (3.2+) service: a Maven builder on the full JDK resolves the
# dependencies before the sources are copied (~/.m2 in a BuildKit cache mount),
# packages the jar and splits it into Spring Boot's layers; the runtime is a
# JRE-only image that copies the layers, least to most often changed, and runs
# as a non-root user.
FROM maven:3.9-eclipse-temurin-21 AS builder
WORKDIR /build
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q dependency:go-offline
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q package -DskipTests \
    && java -Djarmode=layertools -jar target/*.jar extract --destination target/extracted

FROM eclipse-temurin:21-jre-noble AS runtime
RUN groupadd --system spring \
    && useradd --system --gid spring --no-create-home --shell /usr/sbin/nologin spring
WORKDIR /app
COPY --from=builder /build/target/extracted/dependencies/ ./
COPY --from=builder /build/target/extracted/spring-boot-loader/ ./
COPY --from=builder /build/target/extracted/snapshot-dependencies/ ./
COPY --from=builder /build/target/extracted/application/ ./
USER spring
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "org.springframework.boot.loader.launch.JarLauncher"]
