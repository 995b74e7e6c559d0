FROM node:20-alpine AS builder
WORKDIR /app
# Install all dependencies including dev dependencies
COPY package*.json ./
RUN npm ci
# Copy and build TypeScript
COPY . .
RUN npm run build
# Production stage: strip dev dependencies
FROM node:20-alpine AS runtime
WORKDIR /app
# Copy only production dependencies and built output
RUN npm ci --only=production
COPY --from=builder /app/dist ./dist
COPY --from=builder /app/node_modules ./node_modules
COPY --from=builder /app/package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
