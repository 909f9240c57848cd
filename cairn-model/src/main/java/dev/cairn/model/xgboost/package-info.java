/** The {@code xgboost} flavor: boosters trained by xgboost4j, saved in XGBoost's own format. */
package dev.cairn.model.xgboost;
