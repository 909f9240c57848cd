/** MLflow-compatible REST APIs: tracking and the artifact proxy, with MLflow's paths and JSON. */
package dev.cairn.server.mlflow;
