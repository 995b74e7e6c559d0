# check=experimental=InvalidDefinitionDescription
ARG BASE=alpine:3.20
# not a description
FROM ${BASE} as Builder
MAINTAINER Jane Doe <jane@example.com>
ENV APP_HOME /srv/app
WORKDIR app
EXPOSE 8080/TCP
CMD ./server --port 8080

FROM --platform=linux/amd64 scratch
COPY --from=builder /srv/café/config.json $APP_HOME/server /srv/
ENTRYPOINT ["/server"]
ENTRYPOINT ["/server", "--verbose"]
