using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlexQueueServer.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SharedConversionKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConversionKey",
                table: "Items",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Items_ConversionKey",
                table: "Items",
                column: "ConversionKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Items_ConversionKey",
                table: "Items");

            migrationBuilder.DropColumn(
                name: "ConversionKey",
                table: "Items");
        }
    }
}
