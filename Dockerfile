# The bundled mock as a container image, built on this machine by `make image`.
#
# FROM scratch: the binary is static (CGO_ENABLED=0) and no base image can be pulled here, so
# `make image` builds the binary first and this file only copies it in.
FROM scratch
COPY bin/flixconf-static /flixconf
# The container contract: listen on 8080; the day comes in FLIXCONF_SERVE_DATE.
ENV FLIXCONF_SERVE_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/flixconf"]
CMD ["serve"]
